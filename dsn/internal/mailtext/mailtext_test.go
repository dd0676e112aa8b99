package mailtext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestLowerASCII(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"already lower", "already lower"},
		{"Mail Delivery FAILED", "mail delivery failed"},
		// Only ASCII letters change, so the length never does.
		{"Ünknown ÉTAT", "Ünknown État"},
		{"\xff\xfeAB", "\xff\xfeab"},
		{"К сожалению", "К сожалению"},
	}
	for _, tt := range tests {
		got := LowerASCII(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.Len(t, got, len(tt.in), tt.in)
	}
}

func TestHasPrefixFold(t *testing.T) {
	tests := []struct {
		s, prefix string
		want      bool
	}{
		{"Subject: x", "subject:", true},
		{"SUBJECT: x", "Subject:", true},
		{"Subj", "subject:", false},
		{"", "", true},
		{"x", "", true},
		// Non-ASCII letters compare exactly: É is not é.
		{"État", "état", false},
		{"État", "État", true},
		// A byte of a character is never taken for a letter.
		{"\u212a", "k", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, HasPrefixFold(tt.s, tt.prefix), "%q %q", tt.s, tt.prefix)
	}
}

func TestIndexFold(t *testing.T) {
	tests := []struct {
		s, substr string
		want      int
	}{
		{"This is the Postfix program", "postfix", 12},
		{"This is the Postfix program", "POSTFIX PROGRAM", 12},
		{"no match here", "postfix", -1},
		{"", "x", -1},
		{"abc", "", 0},
		{"short", "much longer than s", -1},
		// Invalid UTF-8 before the match: the index is still one into s,
		// where strings.ToLower would have made the text longer.
		{"\xff\xff\xff at host", " AT ", 3},
		{"К сожалению, Ваше письмо", "Ваше", len("К сожалению, ")},
		{"aAaB", "aab", 1},
		{"xxxAB", "ab", 3},
		{"AB", "ab", 0},
		{"ab", "abc", -1},
		{"a-b -- c", "-- c", 4},
		{"Mail delivery FAILED: returning", "failed:", 14},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, IndexFold(tt.s, tt.substr), "%q %q", tt.s, tt.substr)
		assert.Equal(t, tt.want, IndexFold([]byte(tt.s), tt.substr), "bytes %q %q", tt.s, tt.substr)
		assert.Equal(t, tt.want >= 0, ContainsFold(tt.s, tt.substr), "contains %q %q", tt.s, tt.substr)
	}
}

func TestIndexFoldAny(t *testing.T) {
	text := "intro\n--- Below this line is a copy\n------ This is a copy of the message\n"
	i, n := IndexFoldAny(text, "------ this is a copy", "--- BELOW THIS LINE")
	assert.Equal(t, 6, i, "the earliest in the text, not the first in the list")
	assert.Equal(t, len("--- BELOW THIS LINE"), n)
	i, n = IndexFoldAny(text, "absent", "also absent")
	assert.Equal(t, -1, i)
	assert.Equal(t, 0, n)
	i, _ = IndexFoldAny(text)
	assert.Equal(t, -1, i)
}

func TestTrimSpace(t *testing.T) {
	assert.Equal(t, "a b", TrimSpace(" \t\r\na b\n\r\t "))
	assert.Equal(t, "", TrimSpace(" \n "))
	// Only mail's white space: a no-break space is text.
	assert.Equal(t, "\u00a0x", TrimSpace("\u00a0x "))
}

func TestNormalizeLineEnds(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\nb\n", "a\nb\n"},
		{"a\r\nb\r\n", "a\nb\n"},
		{"a\rb\r", "a\nb\n"},
		{"a\r\r\nb", "a\n\nb"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(NormalizeLineEnds([]byte(tt.in))), "%q", tt.in)
	}
}

func TestFoldSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  \t\n ", ""},
		{"one", "one"},
		{"  550 5.1.1\n    User unknown\t(in reply\r\nto RCPT TO command)  ", "550 5.1.1 User unknown (in reply to RCPT TO command)"},
		{"no-break\u00a0space,\u3000ideographic", "no-break space, ideographic"},
		{"\xff\xfe invalid  bytes \xff", "\xff\xfe invalid bytes \xff"},
		{"宛先\n不明", "宛先 不明"},
	}
	for _, tt := range tests {
		got := FoldSpace(tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
		assert.Equal(t, strings.Join(strings.Fields(tt.in), " "), got, "same as Fields: %q", tt.in)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"abcdef", 3, "abc"},
		{"abc", 0, ""},
		// "宛" is three bytes: a cut inside it drops it whole.
		{"ab宛先", 3, "ab"},
		{"ab宛先", 4, "ab"},
		{"ab宛先", 5, "ab宛"},
		{"\xff\xff\xff", 2, "\xff\xff"},
		// Bytes that are not UTF-8 are cut where they stand.
		{"000\x9d\x9d\x9d\x9d\x9d", 7, "000\x9d\x9d\x9d\x9d"},
		{"ab\xe5\xae", 3, "ab\xe5"},
	}
	for _, tt := range tests {
		got := Truncate(tt.in, tt.n)
		assert.Equal(t, tt.want, got, "%q %d", tt.in, tt.n)
		assert.LessOrEqual(t, len(got), max(tt.n, 0))
	}
}

func TestParagraphs(t *testing.T) {
	text := "first line\nsecond line  \n\n \t \nnext\r\n\n\n\nlast"
	assert.Equal(t, []string{"first line\nsecond line", "next", "last"}, Paragraphs(text, 10))
	assert.Equal(t, []string{"first line\nsecond line", "next"}, Paragraphs(text, 2))
	assert.Empty(t, Paragraphs(" \n\n\t\n", 10))
	assert.Equal(t, []string{"d"}, Paragraphs(" \r\nd \r\n", 10))
	assert.Equal(t, []string{"a\nb\nc", "d\ne"}, Paragraphs("a \t\r\nb\nc  \n\nd\ne\r\n", 10), "trailing white space inside a paragraph")
	assert.Equal(t, []string{"a\nb"}, Paragraphs("\n\na\nb \n \n", 10))
	assert.Empty(t, Paragraphs("", 10))
}

// FuzzFolding checks the helpers against their definitions: FoldSpace is
// strings.Fields joined with spaces, IndexFold is strings.Index in the
// ASCII-lowered text, Truncate keeps a prefix that cuts no character, and
// Paragraphs loses no non-blank line.
func FuzzFolding(f *testing.F) {
	f.Add("  550 5.1.1\n  User\u00a0Unknown ", "USER", 7)
	f.Add("\xff\xfe\xe9t\xe9 AT host", " at ", 3)
	f.Add("a\n\n \nb\r\nc", "B", 0)
	f.Fuzz(func(t *testing.T, s, sub string, n int) {
		if got, want := FoldSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("FoldSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := IndexFold(s, sub), strings.Index(LowerASCII(s), LowerASCII(sub)); got != want {
			t.Fatalf("IndexFold(%q, %q) = %d, want %d", s, sub, got, want)
		}
		if got := Truncate(s, n); !strings.HasPrefix(s, got) || len(got) > max(n, 0) ||
			len(got) < len(s) && len(got) < n-utf8.UTFMax || utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Truncate(%q, %d) = %q", s, n, got)
		}
		var words int
		for _, p := range Paragraphs(s, 1<<30) {
			words += len(strings.Fields(p))
		}
		if want := len(strings.Fields(strings.ReplaceAll(s, "\r", " "))); words != want && utf8.ValidString(s) {
			t.Fatalf("Paragraphs(%q) keeps %d words of %d", s, words, want)
		}
	})
}

// FuzzFoldSpaceFastPath checks that FoldSpace returns a string as it is
// exactly when folding would not change it.
func FuzzFoldSpaceFastPath(f *testing.F) {
	for _, s := range []string{"", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "\u3000", "a\nb", "abc def ghi", "\xff \xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isFolded(s), foldSpace(s) == s; got != want {
			t.Fatalf("isFolded(%q) = %v, folding gives %q", s, got, foldSpace(s))
		}
	})
}

func FuzzNormalizeLineEndsInPlace(f *testing.F) {
	for _, s := range []string{"", "a\r\nb", "a\rb", "\r\r\n\n\r", "abc", "x\r"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := string(NormalizeLineEnds(b))
		if got := string(NormalizeLineEndsInPlace(append([]byte(nil), b...))); got != want {
			t.Fatalf("in place %q, copy %q", got, want)
		}
	})
}
