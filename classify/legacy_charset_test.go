package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
)

// legacyBytes returns s in the bytes of cm, as a qmail bounce carries
// ezmlm-idx's text in the list language's charset.
func legacyBytes(t *testing.T, cm *charmap.Charmap, s string) string {
	t.Helper()
	b, err := cm.NewEncoder().String(s)
	require.NoError(t, err)
	return b
}

// TestLegacyCharsetText: ezmlm-idx's refusals (classify/texts/lists_lang_ezmlm.tsv)
// in the undeclared bytes of their language's charset decide once a
// conversion finds their phrase; text in those bytes that no phrase
// confirms, and valid UTF-8, stay as they came.
func TestLegacyCharsetText(t *testing.T) {
	cs := "Omlovám se, ale mám příkaz odmítnout příspěvky od vás.  Kontaktujte zastupitelstvo-owner@mail.obec.example.cz, máte-li dotazy k tomuto faktu."
	only := "Omlouvám se, ale do tohoto listu smějí přispívat pouze přihlášení uživatelé."
	da := "Desværre. Jeg har fået instruktion om at afvise post fra dig. Kontakt bestyrelse-owner@lister.klub.example.dk hvis du mener der må være sket en fejl."
	sv := "Tyvärr, endast prenumeranter får posta."
	assertReasonCases(t, Rejected, []reasonCase{
		{text: legacyBytes(t, charmap.ISO8859_2, cs)},
		{text: legacyBytes(t, charmap.ISO8859_2, only)},
		{text: legacyBytes(t, charmap.ISO8859_1, da)},
		{text: legacyBytes(t, charmap.ISO8859_1, sv)},
		{text: cs}, // UTF-8 as it is
	}, []reasonCase{
		// the same letters, other words: no phrase confirms a charset
		{text: legacyBytes(t, charmap.ISO8859_2, "Příspěvky od vás jsme dostali, děkujeme.")},
		{text: legacyBytes(t, charmap.ISO8859_1, "Tyvärr, vi får inte posta paketet i dag.")},
	})

	// The text is converted only when a phrase confirms the charset.
	raw := legacyBytes(t, charmap.ISO8859_2, "Příspěvky od vás jsme dostali, děkujeme.")
	assert.Equal(t, raw, legacyText(raw))
	assert.Equal(t, only, legacyText(legacyBytes(t, charmap.ISO8859_2, only)))
	assert.Equal(t, sv, legacyText(legacyBytes(t, charmap.Windows1252, sv)))
	assert.Equal(t, cs, legacyText(cs))
}
