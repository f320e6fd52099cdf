package process

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every sentinel declared in errors.go is logged as itself: none is
// shadowed by one listed before it, and none is missing from the list.
func TestRefusalKinds_EverySentinelIsItsOwnKind(t *testing.T) {
	assert.GreaterOrEqual(t, len(sentinels), 25, "errors.go declares the package's sentinels with sentinel()")
	for _, s := range sentinels {
		assert.Equal(t, s.Error(), refusalKind(s))
		assert.Equal(t, s.Error(), refusalKind(&ReferenceError{Field: "F", ID: "x", Err: s}), "wrapped in a ReferenceError")
	}
}
