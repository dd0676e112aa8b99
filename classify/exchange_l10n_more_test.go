package classify

import "testing"

// TestExchangeL10nMore: Exchange Online's NDR user texts in Swedish, Danish,
// Turkish and Arabic (classify/texts/exchange_l10n_more.tsv, as Microsoft's
// localized documentation quotes them) decide under a status that names no
// cause; the same words cut short or about something else do not.
func TestExchangeL10nMore(t *testing.T) {
	assertReasonCases(t, Rejected, []reasonCase{
		{text: "Det gick inte att leverera meddelandet eftersom du inte godkändes som en giltig avsändare. Kontakta e-postadministratören om du behöver hjälp.", status: "5.0.0"},
		{text: "Meddelelsen kunne ikke leveres, fordi du ikke blev genkendt som en gyldig afsender.", status: "5.0.0"},
		{text: "Geçerli bir gönderen olarak tanınmadınız için iletiniz teslim edilmedi.", status: "5.0.0"},
		{text: "تعذر تسليم رسالتك لأنه لم يتم التعرف عليك كمرسل صالح.", status: "5.0.0"},
	}, []reasonCase{
		{text: "Meddelandet levererades inte eftersom du inte godkände villkoren.", status: "5.0.0"},
		{text: "Din adress godkändes som en giltig avsändare igår.", status: "5.0.0"},
		{text: "Geçerli bir gönderen adresi girin.", status: "5.0.0"},
	})
	assertReasonCases(t, RateLimited, []reasonCase{
		{text: "Det går inte att skicka meddelandet eftersom avsändarens sändningskvot har överskridits.", status: "5.2.2"},
		{text: "Det går inte att skicka meddelandet eftersom avsändarens sändningskvot överskreds.", status: "5.0.0"},
	}, []reasonCase{
		{text: "Mottagarens postlåda är full, avsändarens kvot påverkas inte.", status: "5.2.2"},
		{text: "Sändningskvoten för mottagaren har överskridits.", status: "5.2.2"},
	})
}
