package model_test

import (
	"fmt"

	"github.com/samling-go/samling/model"
)

func ExampleAmount() {
	fund := model.Kronor(100_000_000)
	share, _ := model.ParseAmount("1 234,50 kr")
	total, ok := model.Sum(fund, share)
	fmt.Println(fund)
	fmt.Println(total, ok, int64(total), "öre")
	// Output:
	// 100 000 000 kr
	// 100 001 234,50 kr true 10000123450 öre
}

func ExamplePercent() {
	fmt.Printf("%d %% %d %%\n", model.Percent(5, 8), model.Percent(3, 8))
	// Output: 63 % 38 %
}
