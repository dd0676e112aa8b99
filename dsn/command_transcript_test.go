package dsn

import "testing"

func TestCommandAtPipelined(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"pipelined end of data:", CommandDATA},
		{"pipelined RCPT TO:<a@gmail.com>:", CommandRCPT},
		{"pipelined MAIL FROM:<a@example.org>:", CommandMAIL},
		{"end of data:", CommandDATA},
		// near misses: "pipelined" alone names no command
		{"pipelined", ""},
		{"pipelining was refused", ""},
	} {
		if got := CommandAt(c.in); got != c.want {
			t.Errorf("CommandAt(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := FindCommand("SMTP error from remote mail server after pipelined end of data:\n550-5.7.1 [192.0.2.1      12] Gmail has detected that this message is"); got != CommandDATA {
		t.Errorf("FindCommand(Exim pipelined end of data) = %q, want DATA", got)
	}
}

func TestSendmailReplyCommand(t *testing.T) {
	pipelined := "... while talking to gmail-smtp-in.l.google.com.:\n" +
		">>> MAIL From:<board@example.org> SIZE=4410\n" +
		">>> RCPT To:<gordon@gmail.com>\n" +
		"<<< 550-5.2.1 The email account that you tried to reach is inactive. For more\n" +
		"<<< 550 5.2.1  https://support.google.com/mail/?p=DisabledUser x - gsmtp\n" +
		"554 gordon@gmail.com... Service unavailable"
	data := "... while talking to gmail-smtp-in.l.google.com.:\n" +
		">>> MAIL From:<orders@example.net> SIZE=18220\n" +
		">>> RCPT To:<a@gmail.com>\n" +
		">>> RCPT To:<b@gmail.com>\n" +
		">>> DATA\n" +
		">>> .\n" +
		"<<< 550-5.7.25 [203.0.113.90] The IP address sending this message does not have a\n" +
		"<<< 550 5.7.25  https://support.google.com/mail/answer/81126#ip-practices x - gsmtp\n" +
		"554 a@gmail.com... Service unavailable"
	two := "... while talking to mx.example.com.:\n" +
		">>> RCPT To:<a@example.com>\n" +
		"<<< 550 5.1.1 <a@example.com>... User unknown\n" +
		">>> DATA\n" +
		"<<< 554 5.7.1 Message rejected as spam\n"
	for _, c := range []struct{ name, p, reply, want string }{
		{"pipelined MAIL then RCPT", pipelined, "550-5.2.1 The email account that you tried to reach is inactive. For more", CommandRCPT},
		{"end of message", data, "550-5.7.25 [203.0.113.90] The IP address sending this message does not have a", CommandDATA},
		{"any reply", pipelined, "", CommandRCPT},
		{"second reply", two, "554 5.7.1 Message rejected as spam", CommandDATA},
		{"first reply", two, "550 5.1.1 <a@example.com>... User unknown", CommandRCPT},
		// near misses: no reply logged, or no command before the reply
		{"no reply", ">>> RCPT To:<a@example.com>\n550 5.1.1 <a@example.com>... User unknown", "", ""},
		{"reply only", "... while talking to mx.example.com.:\n<<< 421 4.3.2 Service not available", "", ""},
		{"reply not in transcript", two, "451 4.3.0 Temporary failure", ""},
	} {
		if got := sendmailReplyCommand(c.p, c.reply); got != c.want {
			t.Errorf("%s: sendmailReplyCommand = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestSentCommand(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{".", CommandDATA},
		{" . ", CommandDATA},
		{"DATA", CommandDATA},
		{"RCPT To:<a@example.com>", CommandRCPT},
		// near misses: a dot that is not the line's only text
		{". foo", ""},
		{"..", ""},
	} {
		if got := SentCommand(c.in); got != c.want {
			t.Errorf("SentCommand(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTranscriptCommandAnyParagraph: a refusal at the end of DATA follows
// no line naming the recipient, so the transcript's paragraph is found by
// the reply alone (Sendmail's "----- Transcript of session follows -----"
// after the list of addresses), also when a relay indented it.
func TestTranscriptCommandAnyParagraph(t *testing.T) {
	list := "   ----- The following addresses had permanent fatal errors -----\n" +
		"<contact@example.nl>\n    (reason: 552 Message size exceeds fixed limit)"
	session := "   ----- Transcript of session follows -----\n" +
		"... while talking to mx1.example.nl.:\n>>> DATA\n>>> .\n" +
		"<<< 552 Message size exceeds fixed limit\n552 5.0.0 Service unavailable"
	indented := "    ... while talking to mx1.example.nl.:\n    >>> DATA\n" +
		"    <<< 554 5.7.1 Message rejected as spam"
	for _, c := range []struct {
		name  string
		paras []string
		reply string
		want  string
	}{
		{"end of data, no address", []string{list, session}, "552 Message size exceeds fixed limit", CommandDATA},
		{"indented transcript", []string{indented}, "554 5.7.1 Message rejected as spam", CommandDATA},
		// near misses: another reply, no reply at all, a reply too short to compare
		{"other reply", []string{list, session}, "550 5.1.1 User unknown", ""},
		{"no transcript", []string{list}, "552 Message size exceeds fixed limit", ""},
		{"short reply", []string{session}, "55", ""},
	} {
		if got := transcriptCommand(c.paras, c.reply); got != c.want {
			t.Errorf("%s: transcriptCommand = %q, want %q", c.name, got, c.want)
		}
	}
}
