package verp

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		pattern, addr, want string // want "" for no decoding
	}{
		// Postfix, default delimiters (verp_sender.c: prefix+user=domain@origin).
		{"postfix", "owner-list+user=example.com@lists.example.org", "user@example.com"},
		{"postfix", "<owner-list+user=example.com@lists.example.org>", "user@example.com"},
		{"postfix", "owner-list+User.Name=Example.COM@lists.example.org", "User.Name@example.com"},
		{"postfix", "owner-list+us+er=example.com@lists.example.org", "us+er@example.com"}, // a subaddress in the recipient
		{"postfix", "owner-list+a=b=example.com@lists.example.org", "a=b@example.com"},     // '=' in the recipient's local part
		{"postfix", "owner-list+user=mail.example.co.uk@lists.example.org", "user@mail.example.co.uk"},
		{"postfix", "owner-list+jürgen=bücher.example@lists.example.org", "jürgen@bücher.example"}, // RFC 6531
		{"postfix", "owner-list@lists.example.org", ""},                                            // not VERP
		{"postfix", "owner-list+tag@lists.example.org", ""},                                        // a subaddress, no '='
		{"postfix", "owner-list+tag=value@lists.example.org", ""},                                  // "value" is no domain
		{"postfix", "+user=example.com@lists.example.org", ""},                                     // no sender part
		{"postfix", "owner-list+=example.com@lists.example.org", ""},                               // no local part
		{"postfix", "owner-list+user=@lists.example.org", ""},                                      // no domain
		{"postfix", "owner-list+user=example.com@", ""},                                            // no host
		{"postfix", "owner-list+user=-example.com@lists.example.org", ""},                          // label starts with '-'
		{"postfix", "owner-list+user=example..com@lists.example.org", ""},                          // empty label
		{"postfix", "owner-list+.user=example.com@lists.example.org", ""},                          // local part starts with '.'
		{"postfix", "owner-list+us..er=example.com@lists.example.org", ""},                         // two dots
		{"postfix", "owner-list+us\"er=example.com@lists.example.org", ""},                         // quote
		{"postfix", "owner-list+us er=example.com@lists.example.org", ""},                          // space
		{"postfix", "owner-list+user\r\nBcc: x=example.com@lists.example.org", ""},                 // header injection
		{"postfix", "owner-list+<script>=example.com@lists.example.org", ""},                       // markup
		{"postfix", "owner-list+user=exa\x00mple.com@lists.example.org", ""},                       // NUL
		{"postfix", "owner-list+user=example.com\xff@lists.example.org", ""},                       // not UTF-8
		{"postfix", "owner-list+user=example.com@lists@example.org", ""},                           // two '@'
		{"postfix", "owner-list+" + strings.Repeat("a", 65) + "=example.com@l.example.org", ""},    // local part over 64
		{"postfix", "owner-list+user=" + strings.Repeat("a", 64) + ".com@l.example.org", ""},       // label over 63
		{"postfix", "owner-list+u=" + strings.Repeat("a.", 300) + "com@l.example.org", ""},         // longer than the bound
		{"postfix", strings.Repeat("+a=b", 200) + "@l.example.org", ""},                            // many delimiters, long
		{"postfix", "", ""},
		{"postfix", "<>", ""},
		{"postfix:-=", "owner-list-user=example.com@lists.example.org", "list-user@example.com"}, // first '-' ends the sender
		{"postfix:-=", "owner-user=example.com@lists.example.org", "user@example.com"},
		{"postfix:+=", "owner-list+user=example.com@lists.example.org", "user@example.com"},
		{"postfix:=+", "owner-list=user+example.com@lists.example.org", "user@example.com"},

		// qmail's -@[] (senderadd: owner-@host-@[] -> owner-recipbox=reciphost@host).
		{"qmail", "owner-user=example.com@lists.example.org", "user@example.com"},
		{"qmail", "owner-first-last=example.com@lists.example.org", "first-last@example.com"},
		{"qmail", "owner@lists.example.org", ""},

		// Mailman 2 and 3.
		{"mailman", "list-bounces+user=example.com@lists.example.org", "user@example.com"},
		{"mailman", "my-list-bounces+user=example.com@lists.example.org", "user@example.com"},
		{"mailman", "LIST-BOUNCES+user=example.com@lists.example.org", "user@example.com"},
		{"mailman", "list-bounces+probe-token@lists.example.org", ""}, // a probe token, no address
		{"mailman", "list-bounces@lists.example.org", ""},
		{"mailman", "list-owner+user=example.com@lists.example.org", ""},

		// Sympa (bounce+user==a==userdomain==listname@listdomain).
		{"sympa", "bounce+user==a==example.com==list@lists.example.org", "user@example.com"},
		{"sympa", "bounce+user==a==example.com==my-list==w@lists.example.org", "user@example.com"},   // welcome probe
		{"sympa", "bounce+user==a==example.com==list==1a2b3c@lists.example.org", "user@example.com"}, // tracking
		{"sympa", "bounce+first.last==a==sub.example.com==list@lists.example.org", "first.last@sub.example.com"},
		{"sympa", "bounce+user==a==example.com@lists.example.org", ""}, // no list name
		{"sympa", "bounce+user==example.com==list@lists.example.org", ""},
		{"sympa", "sympa+user==a==example.com==list@lists.example.org", ""},

		// Templates of one's own.
		{"bounces-{local}={domain}@example.org", "bounces-user=example.com@example.org", "user@example.com"},
		{"bounces-{local}={domain}@example.org", "bounces-user=example.com@example.net", ""}, // another host
		{"bounces-{local}={domain}@example.org", "BOUNCES-user=example.com@EXAMPLE.ORG", "user@example.com"},
		{"*-return-*-{local}={domain}@lists.example.org", "list-return-42-user=example.com@lists.example.org", "user@example.com"},
		{"*-return-*-{local}={domain}@lists.example.org", "list-return-42-first-last=example.com@lists.example.org", "first-last@example.com"},
		{"owner-list-{local}={domain}@*", "owner-list-first-last=example.com@lists.example.org", "first-last@example.com"},
		{"b.{domain}%{local}@*.example.org", "b.example.com%user@mx.example.org", "user@example.com"},
		{"b.{domain}%{local}@*.example.org", "b.example.com%user@example.org", ""},
	}
	for _, tc := range tests {
		p, err := Parse(tc.pattern)
		require.NoError(t, err, tc.pattern)
		got, ok := p.Decode(tc.addr)
		assert.Equal(t, tc.want != "", ok, "%s: %q", tc.pattern, tc.addr)
		assert.Equal(t, tc.want, got, "%s: %q", tc.pattern, tc.addr)
	}
}

func TestParseErrors(t *testing.T) {
	for _, spec := range []string{
		"",
		"   ",
		"mailmen",                            // a misspelt name
		"sympa:x",                            // only postfix takes an argument
		"postfix:",                           // no delimiters
		"postfix:+",                          // one
		"postfix:+=-",                        // three
		"postfix:++",                         // the same twice
		"postfix:+-",                         // '-' after the local part: domains hold it
		"postfix:.=",                         // not in verp_delimiter_filter
		"bounces@example.org",                // no placeholders
		"bounces-{local}@example.org",        // no {domain}
		"bounces-{domain}@example.org",       // no {local}
		"b-{local}={domain}={local}@x.org",   // {local} twice
		"b-{local}-{domain}@example.org",     // a separator domains hold
		"b-{local}{domain}@example.org",      // no separator
		"*{local}={domain}@example.org",      // wildcard touches a placeholder
		"b-{local}={domain}*@example.org",    // likewise
		"b-{local}={domain}",                 // no @
		"b-{local}={domain}@",                // empty domain
		"{local}={domain}@a@example.org",     // two @
		"b@{local}={domain}.example.org",     // placeholders after the @
		"b-{user}={domain}@example.org",      // unknown placeholder
		"b-{local={domain}@example.org",      // unclosed
		"b-local}={domain}@example.org",      // unopened
		"b {local}={domain}@example.org",     // white space
		"b-{local}={domain}@example.org\n",   // trimmed, but inside:
		"b-\x01{local}={domain}@example.org", // a control character
		"b-{local}={domain}@\xffexample.org", // not UTF-8
		strings.Repeat("a", 600) + "{local}={domain}@x.org",
	} {
		p, err := Parse(spec)
		if spec == "b-{local}={domain}@example.org\n" {
			// Surrounding white space is trimmed: this one is valid.
			require.NoError(t, err)
			require.NotNil(t, p)
			continue
		}
		assert.Error(t, err, "%q", spec)
		assert.True(t, errors.Is(err, ErrPattern), "%q: %v", spec, err)
		assert.Nil(t, p, "%q", spec)
	}
}

// TestBuiltinsDecodeTheirExamples checks each convention against its own
// documented example, from the table itself.
func TestBuiltinsDecodeTheirExamples(t *testing.T) {
	for _, b := range Builtins {
		p, err := Parse(b.Name)
		require.NoError(t, err, b.Name)
		got, ok := p.Decode(b.Example)
		assert.True(t, ok, "%s: %s", b.Name, b.Example)
		assert.Equal(t, "user@example.com", got, b.Name)
		assert.NotEmpty(t, b.Source, b.Name)
		// The template is also accepted as a template of one's own.
		q, err := Parse(b.Template)
		require.NoError(t, err, b.Template)
		got, _ = q.Decode(b.Example)
		assert.Equal(t, "user@example.com", got, b.Template)
	}
}

func TestPatternsOrder(t *testing.T) {
	ps, err := ParseAll([]string{"sympa", "mailman", "postfix"})
	require.NoError(t, err)
	assert.Equal(t, "sympa, mailman, postfix", ps.String())
	for addr, want := range map[string]string{
		"bounce+a==a==example.com==l@lists.example.org":    "a@example.com",
		"list-bounces+b=example.com@lists.example.org":     "b@example.com",
		"owner-list+c=example.com@lists.example.org":       "c@example.com",
		"bounce+d=example.com@lists.example.org":           "d@example.com", // Sympa's prefix, Postfix's form
		"someone@example.org":                              "",
		"list-bounces+probe-token@lists.example.org":       "",
		"list-bounces+probe=token@lists.example.org":       "", // "token" is no domain
		"list-bounces+probe=tok.en@lists.example.org":      "probe@tok.en",
		"bounce+e==a==example.com==l==w@lists.example.org": "e@example.com",
	} {
		got, ok := ps.Decode(addr)
		assert.Equal(t, want != "", ok, addr)
		assert.Equal(t, want, got, addr)
	}
	_, err = ParseAll([]string{"postfix", "nope"})
	assert.ErrorIs(t, err, ErrPattern)
	var none Patterns
	_, ok := none.Decode("owner+user=example.com@example.org")
	assert.False(t, ok, "no patterns decode nothing")
}

// FuzzDecode checks that no address makes a pattern panic, and that what
// a pattern decodes is always a plain address.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"owner-list+user=example.com@lists.example.org",
		"bounce+user==a==example.com==list==w@lists.example.org",
		"list-bounces+a=b=c.d@x.y", "+=@", "\xff+\xfe=\xfd@", "a+b=c.d@e",
	} {
		f.Add(s)
	}
	ps, err := ParseAll([]string{"postfix", "qmail", "mailman", "sympa", "*-return-*-{local}={domain}@*"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		got, ok := ps.Decode(addr)
		if !ok {
			if got != "" {
				t.Fatalf("%q: not decoded but %q", addr, got)
			}
			return
		}
		local, domain, found := strings.Cut(got, "@")
		if !found || !validLocal(local) || !validDomain(domain) || strings.ContainsAny(got, " \t\r\n<>\"\\;,") {
			t.Fatalf("%q decoded to %q", addr, got)
		}
	})
}
