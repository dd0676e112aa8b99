package main

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// messageFiles returns the message files under the directory root, sorted.
// A directory is read recursively and each regular file in it is a message,
// except in a Maildir: a directory with cur/ and new/ directories is a
// Maildir folder (Postfix's local delivery, Dovecot, Courier), and there only
// the files in cur/ and new/ are messages. tmp/ holds messages still being
// written (D. J. Bernstein's Maildir specification,
// https://cr.yp.to/proto/maildir.html: readers look in new and cur only),
// and the other files are the mail servers' own: Dovecot's dovecot-uidlist,
// dovecot.index*, dovecot.list.index*, subscriptions and a folder's
// maildirfolder mark, Courier's courierimapuiddb, courierimapkeywords/ and
// courierpop3dsizelist, the maildirsize quota file. The subdirectories of a
// Maildir are searched for its folders (Maildir++'s .Sent/, Dovecot's
// LAYOUT=fs Sent/), which are Maildirs in turn. A symbolic link is not
// followed. Directories that cannot be read are reported to fail, and the
// walk goes on.
func messageFiles(root string, fail func(path string, err error)) []string {
	var files []string
	var walk func(dir string, inMaildir bool)
	walk = func(dir string, inMaildir bool) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			fail(dir, err)
			// ReadDir returns what it read before the error.
		}
		maildir := hasDirs(entries, "cur", "new")
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			switch {
			case maildir && (e.Name() == "cur" || e.Name() == "new"):
				files = append(files, regularFiles(path, fail)...)
			case maildir && e.Name() == "tmp":
			case e.IsDir():
				walk(path, inMaildir || maildir)
			case e.Type().IsRegular() && !inMaildir && !maildir:
				files = append(files, path)
			}
		}
	}
	walk(root, false)
	sort.Strings(files)
	return files
}

// hasDirs reports whether entries include a directory of each name.
func hasDirs(entries []os.DirEntry, names ...string) bool {
	found := 0
	for _, e := range entries {
		for _, n := range names {
			if e.Name() == n && e.IsDir() {
				found++
			}
		}
	}
	return found == len(names)
}

// regularFiles returns the regular files directly in dir.
func regularFiles(dir string, fail func(path string, err error)) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail(dir, err)
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// maxQuoted bounds the bytes of one text printed to the terminal.
const maxQuoted = 400

// terminalSafe returns s ready for a terminal: as it is when it is valid
// UTF-8 of printable characters (spaces included), and otherwise quoted
// as a Go string, so that no control character (CR, an escape sequence)
// and no stray byte of a bad input reaches the terminal. Past maxQuoted
// bytes of output it is cut between characters, and the cut says how
// many bytes of s were left out.
func terminalSafe(s string) string {
	if len(s) <= maxQuoted && printable(s) {
		return s
	}
	quote := !printable(s)
	var b strings.Builder
	if quote {
		b.WriteByte('"')
	}
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		var piece string
		switch {
		case !quote:
			piece = s[i : i+n]
		case r == utf8.RuneError && n == 1:
			piece = `\x` + strconv.FormatUint(uint64(s[i])>>4, 16) + strconv.FormatUint(uint64(s[i])&15, 16)
		default:
			q := strconv.QuoteRune(r) // 'x', with r escaped as in a string but for the quote marks
			piece = q[1 : len(q)-1]
			switch r {
			case '\'':
				piece = "'"
			case '"':
				piece = `\"`
			}
		}
		if b.Len()+len(piece) > maxQuoted {
			break
		}
		b.WriteString(piece)
		i += n
	}
	if quote {
		b.WriteByte('"')
	}
	if i < len(s) {
		b.WriteString(" (" + strconv.Itoa(len(s)-i) + " more bytes)")
	}
	return b.String()
}

// printable reports whether s is valid UTF-8 of characters strconv.IsPrint
// accepts: no control or format character, no space but U+0020.
func printable(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !strconv.IsPrint(r) }) < 0
}
