package dsn

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKeepNoticesScope(t *testing.T) {
	cases := []struct {
		name  string
		rcpts []string
		text  string
		want  []string // each recipient's Notice
	}{
		{
			name:  "one recipient: the whole text",
			rcpts: []string{"a@example.net"},
			text:  "Delivery failed.\n\nThe account is disabled.\n",
			want:  []string{"Delivery failed.\n\nThe account is disabled."},
		},
		{
			name:  "a paragraph naming one recipient is its own",
			rcpts: []string{"a@example.net", "b@example.net"},
			text:  "Heading for all.\n\nFor a@example.net:\nmailbox full\n\nFor <b@example.net>:\nrefused\n",
			want:  []string{"For a@example.net:\nmailbox full", "For <b@example.net>:\nrefused"},
		},
		{
			name:  "a list: each line and its continuation, the heading to no one",
			rcpts: []string{"a@example.net", "b@example.net"},
			text:  "The following addresses failed:\n<a@example.net>\n    (reason: mailbox full)\n<b@example.net>\n    (reason: refused)\n",
			want:  []string{"<a@example.net>\n    (reason: mailbox full)", "<b@example.net>\n    (reason: refused)"},
		},
		{
			name:  "a line starting with another address ends the continuation",
			rcpts: []string{"a@example.net", "b@example.net"},
			text:  "a@example.net: over quota\npostmaster@example.net: see logs\nb@example.net: unknown\n",
			want:  []string{"a@example.net: over quota", "b@example.net: unknown"},
		},
		{
			name:  "an address inside a longer one is not named",
			rcpts: []string{"ian@example.net", "xian@example.net"},
			text:  "<xian@example.net>: mailbox full\n<ian@example.net.example.org>: other\n",
			want:  []string{"", "<xian@example.net>: mailbox full"},
		},
		{
			name:  "the returned header is not the notice",
			rcpts: []string{"a@example.net"},
			text:  "The message is too large.\n\nOriginal message headers:\n\nReceived: from x by y\nX-Spam: listed by dnsbl\n",
			want:  []string{"The message is too large."},
		},
		{
			name:  "a trace field starts the copy",
			rcpts: []string{"a@example.net", "b@example.net"},
			text:  "a@example.net: refused\nReceived: from b@example.net by y\n",
			want:  []string{"a@example.net: refused", ""},
		},
		{
			name:  "a line naming two recipients is both's",
			rcpts: []string{"a@example.net", "b@example.net"},
			text:  "a@example.net, b@example.net: domain refuses mail\n",
			want:  []string{"a@example.net, b@example.net: domain refuses mail", "a@example.net, b@example.net: domain refuses mail"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &Report{}
			for _, a := range c.rcpts {
				r.Recipients = append(r.Recipients, Recipient{Recipient: a})
			}
			r.KeepNotices(c.text)
			for i, want := range c.want {
				assert.Equal(t, want, r.Recipients[i].Notice, c.rcpts[i])
			}
		})
	}
}

func TestKeepNoticesBounded(t *testing.T) {
	r := &Report{Recipients: []Recipient{{Recipient: "a@example.net"}, {Recipient: "b@example.net"}}}
	r.KeepNotices(strings.Repeat("a@example.net: mailbox full\n", 2000))
	assert.LessOrEqual(t, len(r.Recipients[0].Notice), maxNotice)
	assert.NotEmpty(t, r.Recipients[0].Notice)
	assert.Empty(t, r.Recipients[1].Notice)
	one := &Report{Recipients: []Recipient{{Recipient: "a@example.net"}}}
	one.KeepNotices(strings.Repeat("word ", 10000))
	assert.LessOrEqual(t, len(one.Recipients[0].Notice), maxNotice)
}

func TestIndexAddress(t *testing.T) {
	cases := []struct {
		p, addr string
		want    int
	}{
		{"<ian@example.net>", "ian@example.net", 1},
		{"xian@example.net", "ian@example.net", -1},
		{"to IAN@Example.NET.", "ian@example.net", 3},
		{"ian@example.net.org ian@example.net", "ian@example.net", 20},
		{"ian@example.network", "ian@example.net", -1},
		{"550 ian@example.net... User unknown", "ian@example.net", 4},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, indexAddress(c.p, c.addr), c.p)
	}
}
