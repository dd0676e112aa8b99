package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// seznamNotice builds a Seznam.cz notice with the body layout of
// https://napoveda.seznam.cz/uzivatel-neexistuje (the header is not shown
// there: From and Subject here are assumptions).
func seznamNotice(from, body string) string {
	return "From: " + from + "\nTo: petr@seznam.cz\nSubject: Nedorucitelna zprava\nMIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body
}

const seznamBody = "Vaše zpráva pro <jana.n@seznam.cz> ze dne 19.11.2012 nemohla být doručena.\nZpráva je přiložena.\n\n" +
	"You message for <jana.n@seznam.cz> from 2012/11/19 could not be delivered.\nIt's attached below.\n\n" +
	"Důvod / Reason:\n---------------\n\n5.1.1 szn; User hasn't got the service mapped\n\n" +
	"Permanentní chyba na straně uživatele.\nPermanent Failure - Bad destination mailbox address\n"

// TestSeznam: Seznam's bilingual notice gives one recipient (named in
// both languages) with the status and text of its reason paragraph; near
// misses are left to the other decoders.
func TestSeznam(t *testing.T) {
	r, err := dsn.ParseBytes([]byte(seznamNotice("MAILER-DAEMON@email.seznam.cz", seznamBody)), Registry())
	require.NoError(t, err)
	require.Equal(t, dsn.DeliveryReport, r.Kind)
	assert.Equal(t, string(Seznam), r.Decoder)
	require.Len(t, r.Recipients, 1)
	rc := r.Recipients[0]
	assert.Equal(t, "jana.n@seznam.cz", rc.Recipient)
	assert.Equal(t, dsn.ActionFailed, rc.Action)
	assert.Equal(t, "5.1.1", rc.Status.String())
	assert.Equal(t, "5.1.1 szn; User hasn't got the service mapped", rc.DiagnosticCode)

	near := []struct{ name, msg string }{
		// A person quoting the notice: not from a daemon nor a Seznam domain.
		{"forwarded by a person", seznamNotice("Petr <petr@example.cz>", seznamBody)},
		// The heading without the sentence naming a recipient.
		{"heading only", seznamNotice("MAILER-DAEMON@email.seznam.cz", "Důvod / Reason:\n---------------\n\n5.1.1 szn; User hasn't got the service mapped\n")},
		// The sentence without the heading.
		{"sentence only", seznamNotice("MAILER-DAEMON@email.seznam.cz", strings.SplitN(seznamBody, "Důvod", 2)[0])},
	}
	for _, tc := range near {
		t.Run(tc.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(tc.msg))
			require.NoError(t, err)
			d := seznamDecoder{}
			assert.False(t, d.Match(m) && d.Decode(m) != nil)
		})
	}
}
