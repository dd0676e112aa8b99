package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func words(text string) []string {
	var out []string
	eachWord(text, nil, false, func(w []byte, _, _ int) { out = append(out, string(w)) })
	return out
}

func TestEachWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"User Unknown", "user unknown"},
		{"550-5.1.1 The email account\r\n550-5.1.1 that you tried", "the email account that you tried"},
		{"550 5.2.2 <neko@example.jp>: Mailbox full", "@ mailbox full"},
		{"Sorry, no mailbox here by that name. (#5.1.1)", "sorry no mailbox here by that name"},
		{"host mx.example.jp[192.0.2.1] said: 554 delivery error", "host mx example jp 192 0 2 1 said 554 delivery error"},
		{"- 4.16.55.1; see", "4 16 55 1 see"},
		{"ＭＡＩＬＢＯＸ　ＦＵＬＬ", "mailbox full"},
		{"Boîte du destinataire pleine", "boite du destinataire pleine"},
		{"Postfach voll", "postfach voll"},
		{"ПОЧТОВЫЙ ЯЩИК ПЕРЕПОЛНЕН", "почтовыи ящик переполнен"},
		{"宛先不明です", "宛 先 不 明 で す"},
		{"ｱﾄﾞﾚｽ", "ア ド レ ス"},
		{"アドレス", "ア ド レ ス"},
		{"사용자 없음", "사 용 자 없 음"},
		{"caf\u0065\u0301 ok", "cafe ok"},
		{"rfc 5322, RFC5322", "rfc 5322 rfc5322"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, strings.Join(words(tt.in), " "), "%q", tt.in)
	}
}

func TestEachWordSpans(t *testing.T) {
	text := "550 5.1.1 <a@b.example>: User unknown"
	var spans []string
	eachWord(text, nil, false, func(_ []byte, s, e int) { spans = append(spans, text[s:e]) })
	assert.Equal(t, []string{"a@b.example", "User", "unknown"}, spans)
}

func TestCodeAt(t *testing.T) {
	tests := []struct {
		text string
		i    int
		want int
	}{
		{"5.1.1 x", 0, 5},
		{"550-5.7.1 x", 0, 4},
		{"550 5.7.1 x", 0, 9},
		{"550 user", 0, 0},
		{"192.0.2.1", 0, 0},
		{"4.16.55.1", 0, 0},
		{"5.1.10 x", 0, 6},
		{"5.1.1000", 0, 0},
		{"x 5.1.1", 2, 5},
		{"1.5.1.1", 2, 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, codeAt(tt.text, tt.i), "%q at %d", tt.text, tt.i)
	}
}

func TestAddressAt(t *testing.T) {
	assert.Equal(t, len("kijitora@example.jp"), addressAt("kijitora@example.jp. x", 0))
	assert.Equal(t, len("a.b+c@d-e.example"), addressAt("a.b+c@d-e.example>", 0))
	assert.Equal(t, 0, addressAt("user @example.jp", 0))
	assert.Equal(t, 0, addressAt("user@", 0))
}

func TestCompilePhrase(t *testing.T) {
	x := newPhraseIndex()
	for _, tt := range []struct {
		in, norm string
		bad      bool
	}{
		{"User unknown in local recipient table", "user unknown in local recipient table", false},
		{"client host [*] blocked using", "client host * blocked using", false},
		{"Message size * exceeds size limit * of server", "message size * exceeds size limit * of server", false},
		{"* leading gap", "", true},
		{"trailing gap *", "", true},
		{"two * * gaps", "", true},
		{"glued* gap", "", true},
		{"550 5.1.1 user unknown", "", true},
		{"#5.1.1 code", "", true},
		{" , ; ", "", true},
	} {
		_, norm, err := x.compile(tt.in, true)
		if tt.bad {
			assert.Error(t, err, tt.in)
			continue
		}
		assert.NoError(t, err, tt.in)
		assert.Equal(t, tt.norm, string(norm))
	}
}

// TestMatchGaps checks '*' and the word spans of matches.
func TestMatchGaps(t *testing.T) {
	x := newPhraseIndex()
	p1, _ := x.add("user * unknown")
	p2, _ := x.add("user unknown")
	p3, _ := x.add("mailbox full")
	x.seal()
	s := getScan()
	defer putScan(s)
	s.read(x, "USER kijitora UNKNOWN; user unknown")
	var got []string
	for _, m := range s.matches {
		a, b := s.byteSpan(m)
		got = append(got, x.phrases[m.phrase].Text+"="+s.text[a:b])
	}
	assert.ElementsMatch(t, []string{"user * unknown=USER kijitora UNKNOWN", "user * unknown=USER kijitora UNKNOWN; user unknown", "user unknown=user unknown"}, got)
	assert.True(t, s.has(p1))
	assert.True(t, s.has(p2))
	assert.False(t, s.has(p3))
	s.readParts(x, "user kijitora\nunknown", len("user kijitora")) // no phrase across two texts
	assert.Empty(t, s.matches)
	s.readParts(x, "user\nunknown", len("user")) // nor a '*' across them
	assert.Empty(t, s.matches)
	s.read(x, "user a b c d e f g h i unknown") // 9 words in the gap: too many
	assert.False(t, s.has(p1))
}

// TestMatchOwns checks when a wider match covers a narrower one: every
// own word of the narrower must be an own word of the wider; a word the
// narrower's '*' stood for may lie in the wider's gap, an own word may not.
func TestMatchOwns(t *testing.T) {
	x := newPhraseIndex()
	wide, _ := x.add("client host * blocked using zen example error open resolver")
	narrow, _ := x.add("client host * blocked using")
	gapped, _ := x.add("user * unknown")
	plain, _ := x.add("user unknown")
	x.seal()
	s := getScan()
	defer putScan(s)
	find := func(p int32) match {
		for _, m := range s.matches {
			if m.phrase == p {
				return m
			}
		}
		t.Fatalf("phrase %d not found", p)
		return match{}
	}
	s.read(x, "Client host [192.0.2.1] blocked using zen.example; Error: open resolver")
	assert.True(t, find(wide).owns(find(narrow)), "the same address in both gaps")
	assert.False(t, find(narrow).owns(find(wide)))
	s.read(x, "user kijitora user unknown")
	// "user unknown" at the end lies in the wider match's gap ("kijitora user") only in
	// part; its own words are not all the wider phrase's own words.
	var wideUser match
	for _, m := range s.matches {
		if m.phrase == gapped && m.end-m.start == 4 {
			wideUser = m
		}
	}
	assert.Equal(t, int32(4), wideUser.end-wideUser.start, "user * unknown across the whole text")
	assert.False(t, wideUser.owns(find(plain)), "own words in the wider match's gap")
}

func TestScanBound(t *testing.T) {
	x := newPhraseIndex()
	p, _ := x.add("mailbox full")
	x.seal()
	s := getScan()
	defer putScan(s)
	s.read(x, strings.Repeat("é ", maxScanBytes)+"mailbox full")
	assert.False(t, s.has(p), "text past maxScanBytes is not read")
	assert.LessOrEqual(t, len(s.text), maxScanBytes)
}

func TestFoldText(t *testing.T) {
	assert.Equal(t, "550-5.7.1 user unknown: ü", foldText(" 550-5.7.1  User\r\n\tUNKNOWN:\u00a0\u2003Ü "))
	assert.Equal(t, "", foldText(" \t\n"))
}
