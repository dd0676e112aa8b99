package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// quoted11NDR is the layout of an Exchange 2013 NDR pasted at
// https://pastebin.com/e6yfDi5v (addresses changed): the administrators'
// section names the recipient by its encapsulated legacyExchangeDN form.
const quoted11NDR = `Delivery has failed to these recipients or groups:

%USERS%
Diagnostic information for administrators:

Generating server: MBX01.corp.example.com

IMCEAEX-_O=EXAMPLE_OU=First+20Administrative+20Group_cn=Recipients_cn=anna+2Epartner+2Eexample@corp.example.com
Remote Server returned '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found'

Original message headers:
`

const quoted11User = "The email address you entered couldn't be found. Please check the recipient's email address and try to resend the message.\n\n"

func quoted11Parse(users ...string) exchangeParsed {
	var b strings.Builder
	for _, u := range users {
		b.WriteString(u + "\n" + quoted11User)
	}
	text := strings.Replace(quoted11NDR, "%USERS%", b.String(), 1)
	lines := textLines(text)
	if end := lineIndex(lines, 0, exchangeOriginalMarkers...); end >= 0 {
		lines = lines[:end]
	}
	return exchangeParse(lines, &dsn.Report{})
}

// TestExchangeEncapsulatedAdminAddress: the IMCEAEX address of the
// administrators' section answers the one recipient of the user's section.
func TestExchangeEncapsulatedAdminAddress(t *testing.T) {
	p := quoted11Parse("anna@partner.example")
	if assert.Len(t, p.entries, 1) {
		e := p.entries[0]
		assert.Equal(t, "anna@partner.example", e.addr)
		diag, _, _ := exchangeAdminDiagnostic(e.admin)
		assert.Equal(t, "550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found", diag)
	}
}

// TestExchangeEncapsulatedNearMisses: with two recipients of the user's
// section the encapsulated address is not guessed at (it stays its own
// entry, as before); an address that only contains "imcea" is an address.
func TestExchangeEncapsulatedNearMisses(t *testing.T) {
	p := quoted11Parse("anna@partner.example", "bert@partner.example")
	assert.Len(t, p.entries, 3)
	for _, e := range p.entries[:2] {
		assert.Empty(t, e.admin, e.addr)
	}
	assert.True(t, exchangeEncapsulated("IMCEAEX-_O=X_cn=y@example.com"))
	assert.True(t, exchangeEncapsulated("imceanotes-user+40example@example.com"))
	assert.False(t, exchangeEncapsulated("imcea"))
	assert.False(t, exchangeEncapsulated("jim.imceax@example.com"))
	assert.False(t, exchangeEncapsulated("mcea@example.com"))
}
