package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// msTemplate writes a MailScanner sender report as the template reads
// (MailScanner/v5 reports/LANG/sender.*.report.txt): the header lines, the
// "X-ORG-MailScanner: generated" line, then the body, with no MIME lines
// unless mime is given.
func msTemplate(from, subject, mime, body string) string {
	return "From: " + from + "\nTo: sender@example.org\nSubject: " + subject + "\nX-EXEMPLO-MailScanner: generated\n" + mime + "\n" + body
}

// TestMailScannerTemplatesL10n: the pt_br templates (signed "Postmaster"),
// undeclared ISO-8859-1 bodies (the fr "À:" label), and the it, es, nl,
// de, ca texts of classify/texts/mailscanner_l10n.tsv.
func TestMailScannerTemplatesL10n(t *testing.T) {
	block := "  To: a@exemplo.example, b@exemplo.example\n  Subject: Orcamento\n  Date: Thu Dec  3 09:48:30 2026\n"
	cases := []struct {
		name, msg string
		want      classify.Reason
	}{
		{"pt_br virus, Postmaster signature", msTemplate(`"Postmaster" <postmaster@exemplo.example>`, "Aviso: Detectado vírus de e-mail",
			"Content-Type: text/plain; charset=utf-8\n",
			"Nosso sistema de detecção de vírus foi acionado ao analisar uma mensagem que\nvocê enviou:-\n"+block+
				"Qualquer parte do e-mail que estava infectada não pôde ser entregue.\n\nHoje, o anti-virus relatou o seguinte:\nClamd: x.zip was infected: Js.Downloader\n-- \nPostmaster\nExemplo Ltda\n"),
			classify.VirusDetected},
		{"pt_br error, latin-1 without charset", msTemplate(`"Postmaster" <postmaster@exemplo.example>`, "Aviso: Erro de e-mail detectado", "",
			"Nosso sistema de detec\xe7\xe3o de v\xedrus falhou ao analisar uma mensagem que\nvoc\xea enviou:-\n"+block+
				"Qualquer parte da mensagem que n\xe3o puder ser analisada, n\xe3o ser\xe1 entregue.\n\n-- \nPostmaster\nExemplo Ltda\n"),
			classify.ContentError},
		{"fr filename, latin-1 without charset", msTemplate(`"Passerelle antivirus Mairie" <postmaster@exemplo.example>`, "ALERTE: =?ISO-8859-1?Q?pi=E8ces?= jointes suspectes", "",
			"Noter passerelle antivirus refuse d'envoyer certaines pi\xe8ces jointes \ndu courriel que vous venez d'envoyer:\n"+
				"  \xc0:     a@exemplo.example, b@exemplo.example\n  Sujet: Devis\n  Date:  Thu Dec  3 09:48:30 2026\n\n"+
				"La transmission d'au moins une pi\xe8ce jointe est interdite par les r\xe8gles\nde notre entreprise et a \xe9t\xe9 remplac\xe9e par cet avertissement.\n\n-- \nMailScanner\nMairie\n"),
			classify.PolicyViolation},
		{"it virus", msTemplate(`"MailScanner" <postmaster@exemplo.example>`, "Attenzione: rilevata E-mail infetta", "",
			"Il sistema antivirus e' stato sollecitato dal messaggio seguente:-\n"+block+
				"Ogni parte del messaggio ritenuta infetta non e' stata consegnata al destinatario.\n\n-- \nMailScanner\nEmail Virus Scanner\n"),
			classify.VirusDetected},
		{"it filename", msTemplate(`"MailScanner" <postmaster@exemplo.example>`, "Attenzione: rilevata E-mail infetta", "",
			"Il sistema antivirus ha rilevato una infezione nel messaggio:-\n"+block+
				"\nUno o piu' allegati risultano non accettabili da questo sito e non sono stati consegnati al destinatario.\n\n-- \nMailScanner\n"),
			classify.PolicyViolation},
		{"nl filename", msTemplate(`"MailScanner" <postmaster@exemplo.example>`, "Waarschuwing: E-mail virussen gedetecteerd", "",
			"Onze virusscanner reageerde op een bericht dat u heeft verzonden:\n"+block+
				"\nMinimaal 1 van de bijlagen staat op de lijst met onaanvaardbare bijlagen\nzoals die voor onze site is vastgelegd.\n\n-- \nMailScanner\n"),
			classify.PolicyViolation},
		{"de error, separator without the space", msTemplate(`"MailScanner" <postmaster@exemplo.example>`, "Warnung: E-Mail-Fehler festgestellt!",
			"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n",
			"Unser Virenscanner konnte eine Nachricht von Ihnen nicht komplett untersuchen:\n  An: a@exemplo.example, b@exemplo.example\n  Betreff: Angebot\n  Datum: Thu Dec  3 09:48:30 2026\n"+
				"Die betreffenden Teile der Nachricht wurden nicht an den Empf\xe4nger weitergeleitet.\n\n--\nMailScanner\nE-Mail-Virus-Scanner\n"),
			classify.ContentError},
		{"es error, quoted-printable", msTemplate(`"MailScanner" <postmaster@exemplo.example>`, "Error detectado en el e-mail",
			"MIME-Version: 1.0\nContent-type: text/plain; charset=ISO-8859-1\nContent-transfer-encoding: Quoted-Printable\n",
			"\nNuestro detector de virus no ha podido analizar\ncompletamente un mensaje enviado por Usted:\n  A: a@exemplo.example, b@exemplo.example\n  Asunto: Factura\n  Fecha: Thu Dec  3 09:48:30 2026\n"+
				"Las partes del mensaje que no hayan podido ser\nanalizadas, no han sido entregadas.\n\n-- \nMailScanner\nProtecci=F3n contra Virus de E-mail\n"),
			classify.ContentError},
		{"se error, block flush left", msTemplate(`"MailScanner" <postmaster@exemplo.example>`, "Varning: Formateringfel har upptäckts",
			"Content-Type: text/plain; charset=utf-8\n",
			"Virusscannern misslyckades med att analysera följande meddelande:\nTill: a@exemplo.example, b@exemplo.example\nÄmne: Faktura\nDatum: Thu Dec  3 09:48:30 2026\n"+
				"De delar av meddelandet som inte kunde analyseras har inte blivit \nlevererade. Om ni använder Microsoft Outlook rekommenderas att ändra\n\n-- \nMailScanner\nKommun\n"),
			classify.ContentError},
		{"dk error, no X- line", "From: \"MailScanner\" <postmaster@exemplo.example>\nTo: sender@example.org\nSubject: Advarsel! Dit e-brev er ikke blevet leveret korrekt\nContent-Type: text/plain; charset=utf-8\n\n" +
			"Vores virusskanner har ikke været istand til fuldt ud at kontrolere den\nmeddelelse du har sendt:\n\n Til:  a@exemplo.example, b@exemplo.example\n Emne: Faktura\n\n" +
			"Den eller de dele der ikke kunne skannes, er ikke blevet sendt til modtageren.\n\n-- \nPostmester\nKommune\n",
			classify.ContentError},
		{"nl content", msTemplate(`"MailScanner" <postmaster@exemplo.example>`, "Mogelijk gevaarlijke email geweigerd", "",
			"Onze email filters zijn geactiveerd door een bericht dat u heeft verzonden:-\n"+block+
				"Dit bericht is geweigerd. De filters gaven de volgende melding:\nMailScanner: HTML Form tags found in message.\n\n"+
				"Dit bericht bevatte mogelijkerwijs gevaarlijke inhoud die verwijderd is.\n\n-- \nMailScanner\n"),
			classify.PolicyViolation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, tc.msg)
			assert.Len(t, got, 2)
			assertReason(t, got, "a@exemplo.example", tc.want)
			assertReason(t, got, "b@exemplo.example", tc.want)
		})
	}
}

// TestMailScannerTemplatesL10nNearMisses: MailScanner's header on mail it
// passed ("Found to be clean", not "generated"), a person's latin-1 mail
// quoting the fr words, and a generated notice with no To block are no
// reports.
func TestMailScannerTemplatesL10nNearMisses(t *testing.T) {
	cases := map[string]string{
		"clean-mail header, Postmaster signature": "From: \"Postmaster\" <postmaster@exemplo.example>\nTo: sender@example.org\nSubject: Aviso\nX-EXEMPLO-MailScanner: Found to be clean\n\n" +
			"Recebemos uma mensagem que\nvoc\xea enviou:-\n  To: a@exemplo.example\n  Subject: Orcamento\n\nQualquer parte do e-mail que estava infectada n\xe3o p\xf4de ser entregue.\n\n-- \nPostmaster\nExemplo Ltda\n",
		"a person's latin-1 mail": "From: Claire Martin <claire@artisan.example.fr>\nTo: accueil@mairie.example.fr\nSubject: Re: ALERTE\n\n" +
			"Bonjour, j'ai re\xe7u ceci:\n  \xc0: urbanisme@mairie.example.fr\n\nLa transmission d'au moins une pi\xe8ce jointe est interdite par les r\xe8gles\n\nCordialement,\nClaire\n",
		"flush-left To line not right under the intro": "From: \"MailScanner\" <postmaster@exemplo.example>\nTo: sender@example.org\nSubject: Varning\nX-EXEMPLO-MailScanner: generated\n\n" +
			"Virusscannern misslyckades med att analysera följande meddelande:\n\nTill: a@exemplo.example\n" +
			"De delar av meddelandet som inte kunde analyseras har inte blivit levererade.\n\n-- \nMailScanner\n",
		"generated header, no To block": "From: \"Postmaster\" <postmaster@exemplo.example>\nTo: sender@example.org\nSubject: Aviso\nX-EXEMPLO-MailScanner: generated\n\n" +
			"Qualquer parte do e-mail que estava infectada n\xe3o p\xf4de ser entregue.\n\n-- \nPostmaster\n",
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
			require.NoError(t, err)
			assert.Empty(t, r.Recipients)
		})
	}
}
