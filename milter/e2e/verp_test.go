//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/engine"
	"github.com/bounce-milter/bounce-milter/milter"
	"github.com/bounce-milter/bounce-milter/verp"
)

// TestPostfixVERP: with serve --verp, Postfix sends the milter the
// envelope recipients. A bounce in a format no decoder knows, sent to a
// VERP address, arrives stamped with the recipient the address encodes
// and the reason its text gives; a decoded bounce gets verp= too; a
// person's mail to the same address passes unchanged.
func TestPostfixVERP(t *testing.T) {
	dir := resetMaildir(t, mailUser)
	milterWith(t, "--verp", "postfix")

	// Postfix's own VERP form (default_verp_delimiters = +=); with
	// recipient_delimiter = + it is delivered to the test user.
	rcpt := mailUser + "+user=example.com@localhost"
	unknown := withID("verp-unknown", []byte("From: Mail Administrator <postmaster@mx.example.com>\n"+
		"To: "+rcpt+"\nSubject: Message status - undeliverable\n"+
		"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <verp-unknown@mx.example.com>\n\n"+
		"The message you sent could not be handed over.\n"+
		"Reason: the recipient's mailbox is full and cannot take any more messages.\n"))
	require.NoError(t, smtpSend(env.postfix.port, "", []string{rcpt}, unknown))
	decoded := withID("verp-decoded", []byte(postfixDSNFor("carol@example.net")))
	require.NoError(t, smtpSend(env.postfix.port, "", []string{mailUser + "+carol=example.net@localhost"}, decoded))
	person := withID("verp-person", []byte(ordinaryMessages["plain"]))
	require.NoError(t, smtpSend(env.postfix.port, "alice@example.org", []string{rcpt}, person))

	got := byID(t, dir, []string{"verp-unknown", "verp-decoded", "verp-person"}, 30*time.Second)

	u := got["verp-unknown"]
	assert.Equal(t, "mailboxfull", u.get("X-Bounce-Reason"), "the unknown-format bounce is stamped:\n%s", u.raw)
	assert.Equal(t, "soft-bounce", u.get("X-Bounce-Kind"))
	d := milter.ParseDetail(u.get("X-Bounce-Detail"))
	assert.Equal(t, "user@example.com", d["verp"])
	assert.Equal(t, "user@example.com", d["recipient"])
	assert.Equal(t, "VERP", d["decoder"])
	// Byte for byte what the engine gives, with the envelope the milter saw.
	ps, err := verp.ParseAll([]string{"postfix"})
	require.NoError(t, err)
	recs, err := engine.ClassifyEnvelope("", unknown, engine.Envelope{NullSender: true, Rcpts: []string{rcpt}}, ps)
	require.NoError(t, err)
	assertStampBytes(t, "verp-unknown", u.raw, milter.Stamps("", recs))

	dd := got["verp-decoded"]
	assert.Equal(t, "userunknown", dd.get("X-Bounce-Reason"), "%s", dd.raw)
	d = milter.ParseDetail(dd.get("X-Bounce-Detail"))
	assert.Equal(t, "carol@example.net", d["recipient"], "the decoder's recipient")
	assert.Equal(t, "carol@example.net", d["verp"], "and the envelope's")

	checkUnchanged(t, "verp-person", person, got["verp-person"].raw)
	assert.Empty(t, got["verp-person"].stamps())
}

// postfixDSNFor is a small RFC 3464 report of a failed delivery to rcpt.
func postfixDSNFor(rcpt string) string {
	return "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\n" +
		"To: list@example.org\nSubject: Undelivered Mail Returned to Sender\n" +
		"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <dsn-verp@mx.example.net>\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n" +
		"--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n" +
		"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" +
		"Final-Recipient: rfc822; " + rcpt + "\nAction: failed\nStatus: 5.1.1\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown in local recipient table\n\n--B--\n"
}
