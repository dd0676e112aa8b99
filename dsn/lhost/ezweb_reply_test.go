package lhost

import (
	"strings"
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// EZweb's notice with the English sentence and "<addr>: reply" lines
// (go-sisimai lhost/via-ezweb.go, the comment in its decoder).
func TestEZwebReplyLine(t *testing.T) {
	const msg = "Return-Path: <>\r\nFrom: <Postmaster@ezweb.ne.jp>\r\nTo: a@example.org\r\n" +
		"Subject: Mail System Error - Returned Mail\r\nMessage-Id: <x1@lsean.ezweb.ne.jp>\r\n\r\n" +
		"The user(s) account is disabled.\r\n\r\n" +
		"<hana12@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)\r\n" +
		"<taro34@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)\r\n"
	m, err := dsn.ReadMessage([]byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	r := dsn.Decode(m, []dsn.Decoder{ezwebDecoder{}})
	if r == nil || len(r.Recipients) != 2 {
		t.Fatalf("want 2 recipients, got %+v", r)
	}
	for _, rc := range r.Recipients {
		if rc.ReplyCode != 550 || rc.Command != dsn.CommandRCPT || !strings.Contains(rc.DiagnosticCode, "account is disabled") {
			t.Errorf("%s: reply %d command %q diag %q", rc.Recipient, rc.ReplyCode, rc.Command, rc.DiagnosticCode)
		}
	}
	// near misses: no reply code after the address, no "<", no ">:".
	for _, l := range []string{"<hana12@ezweb.ne.jp>: user unknown", "hana12@ezweb.ne.jp: 550 user unknown", "<hana12@ezweb.ne.jp> 550 user unknown", "<not an address>: 550 x"} {
		if a := ezwebReplyLine(l); a != "" {
			t.Errorf("ezwebReplyLine(%q) = %q, want \"\"", l, a)
		}
	}
	if a := ezwebReplyLine("<hana12@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)"); a != "hana12@ezweb.ne.jp" {
		t.Errorf("ezwebReplyLine = %q", a)
	}
}
