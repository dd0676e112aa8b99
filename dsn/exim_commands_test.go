package dsn

import "testing"

// TestSupplementCommandPerRecipient: Exim lists its failed addresses with
// no blank line between them (src/src/deliver.c), each followed by its own
// "SMTP error from remote mail server after <command>:" line; each
// recipient takes the command of its own lines, not the paragraph's first.
// Where a recipient's own lines name no command (Sendmail's "(reason: ...)"
// list) the paragraph's command still applies.
func TestSupplementCommandPerRecipient(t *testing.T) {
	cases := []struct {
		name, text string
		rcpts      []string
		want       []string
	}{
		{"exim connect then mail", "A message that you sent could not be delivered to one or more of its\n" +
			"recipients. This is a permanent error. The following address(es) failed:\n\n" +
			"  a@orange.example\n    host smtp-in.orange.example [192.0.2.1]\n" +
			"    SMTP error from remote mail server after initial connection:\n" +
			"    421 mwinf5c06 ME Veuillez essayer plus tard. OFR004_201 [201]\n" +
			"  b@laposte.example\n    host smtp-in.laposte.example [192.0.2.2]\n" +
			"    SMTP error from remote mail server after MAIL FROM:<s@example.org> SIZE=5310:\n" +
			"    421 Veuillez essayer plus tard. LPN003_109\n",
			[]string{"a@orange.example", "b@laposte.example"}, []string{CommandCONN, CommandMAIL}},
		{"exim mail then rcpt", "The following address(es) failed:\n\n" +
			"  a@example.net\n    host mx.example.net [192.0.2.3]\n" +
			"    SMTP error from remote mail server after MAIL FROM:<s@example.org>:\n" +
			"    501 5.1.0 Emetteur invalide\n" +
			"  b@example.com\n    host mx.example.com [192.0.2.4]\n" +
			"    SMTP error from remote mail server after RCPT TO:<b@example.com>:\n" +
			"    550 5.1.1 User unknown\n",
			[]string{"a@example.net", "b@example.com"}, []string{CommandMAIL, CommandRCPT}},
		// Near miss: the recipients' own lines name no command; the
		// paragraph's transcript line still gives it to both.
		{"near: no own command", "   ----- The following addresses had permanent fatal errors -----\n" +
			"<a@example.net>\n    (reason: 550 Service unavailable)\n<b@example.net>\n    (reason: 550 Service unavailable)\n" +
			">>> MAIL From:<s@example.org>\n",
			[]string{"a@example.net", "b@example.net"}, []string{CommandMAIL, CommandMAIL}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &Report{}
			for _, a := range tc.rcpts {
				r.Recipients = append(r.Recipients, Recipient{Recipient: a, Action: ActionFailed})
			}
			r.SupplementFromText(tc.text)
			for n := range tc.want {
				if got := r.Recipients[n].Command; got != tc.want[n] {
					t.Errorf("recipient %d: command %q, want %q", n, got, tc.want[n])
				}
			}
		})
	}
}
