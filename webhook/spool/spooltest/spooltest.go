// Package spooltest helps tests put a spool in the states a real machine
// can put it in. It is for tests only.
package spooltest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Freeze makes dir refuse to have files created in it or deleted from it,
// as a read-only file system does, and returns the function that undoes
// it (also run when the test ends). An ordinary user loses the write
// permission (chmod 0555); root, who ignores permissions, gets the
// immutable attribute (chattr +i), which binds root too. The test fails
// when neither holds on this file system.
func Freeze(t testing.TB, dir string) (thaw func()) {
	t.Helper()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("spooltest: freeze: %v", err)
	}
	var undo func() error
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
			t.Fatalf("spooltest: chattr +i %s (root ignores permissions; the immutable attribute is the only way to refuse deletions): %v: %s", dir, err, out)
		}
		undo = func() error { return exec.Command("chattr", "-i", dir).Run() }
	} else {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatalf("spooltest: freeze: %v", err)
		}
		undo = func() error { return os.Chmod(dir, fi.Mode().Perm()) }
	}
	done := false
	thaw = func() {
		if done {
			return
		}
		done = true
		if err := undo(); err != nil {
			t.Errorf("spooltest: thaw %s: %v", dir, err)
		}
	}
	t.Cleanup(thaw)
	probe := filepath.Join(dir, ".spooltest-probe")
	if f, err := os.Create(probe); err == nil {
		f.Close()
		os.Remove(probe)
		thaw()
		t.Fatalf("spooltest: %s still takes new files after freezing", dir)
	}
	return thaw
}
