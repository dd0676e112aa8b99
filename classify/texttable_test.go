package classify

import "testing"

// TestTextTablesLoad fails on every row the loader refused.
func TestTextTablesLoad(t *testing.T) {
	for _, err := range tables.errs {
		t.Error(err)
	}
	if len(tables.rows) == 0 {
		t.Fatal("no text rows loaded")
	}
}
