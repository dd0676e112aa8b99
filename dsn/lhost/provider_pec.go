package lhost

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"github.com/emersion/go-message/charset"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// PEC names the decoder of the receipts of Italian certified mail.
const PEC dsn.DecoderName = "PEC"

// pecDecoder reads the receipts of Italian certified mail (Posta
// Elettronica Certificata), which every certified-mail provider (gestore)
// sends in the same form, set by the service's technical rules (Decreto
// Ministeriale 2 novembre 2005, "Regole tecniche per la formazione, la
// trasmissione e la validazione, anche temporale, della posta elettronica
// certificata"): a signed message whose X-Ricevuta header field names the
// kind of receipt, with a human-readable text and the certification
// data as XML in a part named daticert.xml:
//
//	X-Ricevuta: errore-consegna
//	X-Riferimento-Message-ID: <original@example.it>
//	...
//	<postacert tipo="errore-consegna" errore="no-dest">
//	  <intestazione> <mittente>, <destinatari tipo="certificato"> ... </intestazione>
//	  <dati> <gestore-emittente>, <data>, <identificativo>, <msgid>,
//	         <consegna>user@example.it</consegna>,
//	         <errore-esteso>5.1.1 - the provider's explanation</errore-esteso> </dati>
//	</postacert>
//
// (the schema as pagopa/pn-ec:src/main/resources/pec/daticert-xml-schema.xsd
// holds it, with the errore values no-dest, no-dominio, virus and altro
// that its PnPostacert maps; an Aruba PEC receipt kept as a test fixture,
// SimoneP91/PMM-PecMassiveMailer:test/fixtures/receipts/aruba/errore-consegna.eml,
// carries the errore-esteso after consegna). Failure receipts:
// errore-consegna (the recipient's provider could not deliver),
// preavviso-errore-consegna (not delivered within the first twelve hours:
// a delay), non-accettazione (the sender's provider refused the message)
// and rilevazione-virus (a virus was found). The other receipts
// (accettazione, presa-in-carico, avvenuta-consegna, posta-certificata)
// report progress, not failures, and are left to the decoders after this
// one.
//
// Each receipt concerns one recipient, named by consegna. The XML is read,
// not the text, which each provider words in its own way.
type pecDecoder struct{}

func (pecDecoder) Name() dsn.DecoderName { return PEC }

// pecReceiptField is the header field that names a receipt's kind.
const pecReceiptField = "X-Ricevuta"

// pecFailures maps the failure receipts to the action of their recipient.
var pecFailures = map[string]dsn.Action{
	"errore-consegna":           dsn.ActionFailed,
	"preavviso-errore-consegna": dsn.ActionDelayed,
	"non-accettazione":          dsn.ActionFailed,
	"rilevazione-virus":         dsn.ActionFailed,
}

func (pecDecoder) Marks() []dsn.Mark { return []dsn.Mark{present(pecReceiptField)} }

func (pecDecoder) Match(m *dsn.Message) bool {
	_, ok := pecAction(m)
	return ok
}

// pecAction returns the action of the failure receipt m is, false if m is
// no failure receipt.
func pecAction(m *dsn.Message) (dsn.Action, bool) {
	a, ok := pecFailures[strings.ToLower(strings.TrimSpace(m.Header.Get(pecReceiptField)))]
	return a, ok
}

// pecCert is what the decoder reads of daticert.xml.
type pecCert struct {
	Error        string   `xml:"errore,attr"`
	Recipients   []string `xml:"intestazione>destinatari"`
	Delivery     string   `xml:"dati>consegna"`
	ErrorText    string   `xml:"dati>errore-esteso"`
	Provider     string   `xml:"dati>gestore-emittente"`
	OriginalID   string   `xml:"dati>msgid"`
	OriginalSubj string   `xml:"intestazione>oggetto"`
}

// pecErrors are the errore attribute's values that name a status code of
// RFC 3463 by themselves: no-dest, the recipient does not exist (X.1.1,
// bad destination mailbox address); no-dominio, its domain is no
// certified-mail domain (X.1.2, bad destination system address). virus
// and altro name none.
var pecErrors = map[string]string{
	"no-dest":    "1.1",
	"no-dominio": "1.2",
}

func (pecDecoder) Decode(m *dsn.Message) *dsn.Report {
	action, ok := pecAction(m)
	if !ok {
		return nil
	}
	cert, ok := pecCertOf(m)
	if !ok {
		return nil
	}
	addr := dsn.Address(cert.Delivery)
	if addr == "" && len(cert.Recipients) == 1 {
		addr = dsn.Address(cert.Recipients[0])
	}
	if addr == "" {
		return nil
	}
	diag := mailtext.FoldSpace(cert.ErrorText)
	if diag == "" && strings.EqualFold(cert.Error, "virus") {
		diag = "virus"
	}
	rc := dsn.Recipient{Recipient: addr, Action: action, DiagnosticCode: diag}
	if st, ok := pecErrors[strings.ToLower(cert.Error)]; ok && dsn.FindStatus(diag).IsZero() {
		class := "5."
		if action == dsn.ActionDelayed {
			class = "4."
		}
		rc.Status, _ = dsn.ParseStatus(class + st)
	}
	r := &dsn.Report{}
	if !addRecipient(r, rc) {
		return nil
	}
	r.ReportingMTA = mailtext.FoldSpace(cert.Provider)
	// A receipt returns no copy of the message: its certification data
	// names it (msgid, the original's Message-ID; oggetto, its Subject).
	if id := dsn.TrimMessageID(cert.OriginalID); id != "" {
		r.Original.MessageID = id
		r.Original.Subject = mailtext.FoldSpace(cert.OriginalSubj)
	}
	return deliveryReport(r)
}

// pecCertOf finds and reads the daticert.xml part of a receipt.
func pecCertOf(m *dsn.Message) (pecCert, bool) {
	for _, p := range m.Parts {
		if !strings.EqualFold(p.Params["name"], "daticert.xml") && !strings.Contains(strings.ToLower(p.Header.Get("Content-Disposition")), "daticert.xml") {
			continue
		}
		var c pecCert
		d := xml.NewDecoder(bytes.NewReader(p.Body))
		d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) { return charset.Reader(label, in) }
		if err := d.Decode(&c); err != nil {
			return pecCert{}, false
		}
		return c, true
	}
	return pecCert{}, false
}
