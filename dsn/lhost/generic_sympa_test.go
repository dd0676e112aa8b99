package lhost

import "testing"

// TestGenericSympaLayouts reads the layouts Sympa's notification parser
// (sympa-community/sympa:src/lib/Bounce.pm) knows and the generic rows
// learnt from it in issue 10: Smap's "Transcript of Report follows" with
// "Rejected-For: ADDR," and an "explanation" line, a paragraph opening
// "Error-For: ADDR", "Session Transcription follow:" with the reply "for
// (ADDR)", and Bigfoot's sentences naming the address.
func TestGenericSympaLayouts(t *testing.T) {
	head := "From: MAILER-DAEMON@gw.example.org\nTo: sender@example.com\nSubject: Returned mail: User unknown\n\n"
	testGenericSample(t, "smap", head+
		"   ----- Transcript of Report follows -----\n"+
		"Rejected-For: bob@example.org,\n"+
		"\texplanation 550 User unknown\n\n"+
		"   ----- Unsent message follows -----\n"+
		"From: sender@example.com\nTo: bob@example.org\nSubject: hi\n\nhi\n",
		false, []genericWant{{addr: "bob@example.org", reply: 550, diag: "550 User unknown"}})
	testGenericSample(t, "error-for", head+
		"Error-For: emil@example.org \n  550 5.1.1 unknown user\n",
		false, []genericWant{{addr: "emil@example.org", status: "5.1.1", reply: 550, diag: "unknown user"}})
	testGenericSample(t, "session transcription", head+
		"Session Transcription follow:\n<<< 550 No such user for (fred@example.org)\n",
		false, []genericWant{{addr: "fred@example.org", reply: 550, diag: "No such user"}})
	testGenericSample(t, "bigfoot", head+
		"The message you tried to send to <hans@example.org> could not be delivered.\n",
		false, []genericWant{{addr: "hans@example.org"}})
	testGenericSample(t, "bigfoot mailbox", head+
		"The destination mailbox dora@example.org is unavailable.\n",
		false, []genericWant{{addr: "dora@example.org", diag: "is unavailable"}})
}

// TestGenericSympaNearMiss: the same words in a person's message, which
// no header marks as a bounce, read nothing.
func TestGenericSympaNearMiss(t *testing.T) {
	testGenericNotBounce(t, "smap words in a question", "",
		"From: Kai <kai@club.example>\nTo: fw-users@lists.example.net\nSubject: smap on the new gateway\n\n"+
			"Our old gateway wrote '----- Transcript of Report follows -----' and then\n"+
			"Rejected-For: bob@example.org,\nIs that still supported?\n")
	testGenericNotBounce(t, "bigfoot words from a person", "",
		"From: Kai <kai@club.example>\nTo: help@example.org\nSubject: Returned mail?\n\n"+
			"The message you tried to send to <hans@example.org> came back, the destination mailbox dora@example.org too.\n")
	testGenericNotBounce(t, "error-for header talk", "",
		"From: Kai <kai@club.example>\nTo: dev@lists.example.net\nSubject: parser question\n\n"+
			"Error-For: emil@example.org is what the report said.\n")
}
