package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// dominoLocalPhrases are the words of Domino's "not listed in Domino
// Directory" reason in the languages its servers report in, as Sisimai's
// Domino decoder lists them (sisimai/go-sisimai:lhost/via-domino.go,
// messagesof and exceptutf8). Sisimai matches the French one in raw
// ISO-8859-1 bytes too ("non r", "pertori", "dans l'annuaire Domino"):
// Domino servers send that reason without naming the charset.
var dominoLocalPhrases = []string{
	"non répertorié dans l'annuaire Domino",
	"no se encuentra en el Directorio de Domino",
	"Domino ディレクトリには見つかりません",
	"ディレクトリには見つかりません",
}

// dominoReason returns a Domino report's reason converted to UTF-8 when it
// came as 8-bit bytes of no declared charset and one of the charsets tried
// (convertUnlabelled) turns it into a known localised reason; else as it
// came. A phrase found confirms the charset, as the generic decoder wants.
func dominoReason(m *dsn.Message, reason string) string {
	t, _ := convertUnlabelled(m, reason, func(s string) bool {
		for _, p := range dominoLocalPhrases {
			if strings.Contains(s, p) {
				return true
			}
		}
		return false
	})
	return t
}
