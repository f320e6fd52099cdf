package memstore_test

import (
	"testing"

	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/samling-go/samling/process/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) process.Store { return memstore.New() })
}
