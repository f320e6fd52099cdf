package model_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
)

func TestPseudonym_StablePerKeyAndUnlinkableAcrossKeys(t *testing.T) {
	anna, erik := model.NewID[model.Person](), model.NewID[model.Person]()
	key, other := []byte("exportnyckel 2026"), []byte("annan mottagare")
	assert.Equal(t, model.Pseudonym(key, anna), model.Pseudonym(key, anna))
	assert.NotEqual(t, model.Pseudonym(key, anna), model.Pseudonym(key, erik))
	assert.NotEqual(t, model.Pseudonym(key, anna), model.Pseudonym(other, anna))
	p := model.Pseudonym(key, anna)
	assert.True(t, strings.HasPrefix(p, "person-"))
	assert.Len(t, p, len("person-")+12)
	assert.NotContains(t, anna.String(), p[len("person-"):])
}

func ExamplePseudonym() {
	id, _ := model.ParseID[model.Person]("01a20000-0000-7000-8000-000000000001")
	key := []byte("the host's secret export key")
	fmt.Println(model.Pseudonym(key, id))
	// Output:
	// person-1c179d486030
}
