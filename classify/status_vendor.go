package classify

import "github.com/bounce-milter/bounce-milter/dsn"

// srcMSNDRReference is Microsoft's table of the enhanced status codes
// Exchange Online sends, each with its text and cause.
const srcMSNDRReference = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online (MicrosoftDocs/SupportArticles-docs:Exchange/ExchangeOnline/email-delivery/ndr/non-delivery-reports-in-exchange-online.md)"

// srcExchangeNDRs: Exchange Server's mail flow rule actions and NDR reference (codes 5.7.900-5.7.999
// are the ones an administrator's RejectMessage rule may give).
const srcExchangeNDRs = "https://learn.microsoft.com/en-us/exchange/mail-flow/mail-flow-rules/mail-flow-rule-actions (RejectMessageEnhancedStatusCode: valid codes 5.7.1 or 5.7.900 through 5.7.999, default text Delivery not authorized, message refused) | SPollardMS/OfficeDocs-Exchange:Exchange/ExchangeServer/mail-flow/ndrs/ndrs.md"

// vendorStatus is an enhanced status code outside the IANA registry that
// one vendor's software assigns and documents: its class (the same detail
// may mean another thing as 4.X.X than as 5.X.X), its detail or range of
// details, and the reason where the vendor's meaning names one.
type vendorStatus struct {
	Class    int
	DetailTo int // the last detail of a range starting at Detail; 0 for one code
	Vendor   string
	statusCode
}

// vendorStatusCodes are read only where the registry has no row for the
// code, so a code IANA registers later keeps its registered meaning.
//
// Microsoft Exchange numbers its own failures with details far beyond
// the registry's (X.2.121, X.7.508, ...), and Microsoft's NDR reference
// says what each one means. Exchange answers for many domains that bear
// no Microsoft name (every custom domain of Microsoft 365, every
// on-premises server), so these codes are read wherever they appear, not
// only in the facts the provider stage gives to Microsoft; no other
// software is known to send them. Codes whose documented text names no
// reason of its own (X.7.133-136, "sender not authenticated", the
// subject's catch-all) are left to the subject.
var vendorStatusCodes = []vendorStatus{
	{5, 0, "exchange", statusCode{1, 90, "Exchange: the sender reached the daily limit for message recipients", RateLimited, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{2, 121, "Exchange: recipient's per hour message receive limit from specific sender exceeded", RateLimited, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{2, 122, "Exchange: recipient's per hour message receive limit exceeded", RateLimited, srcMSNDRReference}},
	{4, 0, "exchange", statusCode{4, 316, "Exchange: connection refused by the destination", NetworkError, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{4, 14, "Exchange Online: routing loop detected", NetworkError, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{4, 300, "Exchange: message expired", Expired, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 64, "Exchange Online: TenantAttribution; relay access denied (the inbound connector does not match)", NoRelaying, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 124, "Exchange: sender not in the group's allowed-senders list", Rejected, srcMSNDRReference}},
	// X.7.321-325 are Exchange Online's outbound SMTP DANE results. X.7.324
	// ("dnssec-invalid: Destination domain returned invalid DNSSEC
	// records": the domain said it was DNSSEC-signed but its answers could
	// not be verified) is a failure of the destination's DNS, not of its
	// TLS; texts/exchange.tsv reads the documented text as networkerror and
	// the code alone means the same.
	{4, 323, "exchange", statusCode{7, 321, "Exchange Online: the destination failed STARTTLS, its certificate or DANE validation", FailedSTARTTLS, srcMSNDRReference}},
	{4, 0, "exchange", statusCode{7, 324, "Exchange Online: dnssec-invalid, the destination domain returned DNSSEC records that could not be verified", NetworkError, srcMSNDRReference}},
	{4, 0, "exchange", statusCode{7, 325, "Exchange Online: certificate-host-mismatch, the destination's certificate does not name the MX host (DANE)", FailedSTARTTLS, srcMSNDRReference}},
	{5, 323, "exchange", statusCode{7, 321, "Exchange Online: the destination failed STARTTLS, its certificate or DANE validation", FailedSTARTTLS, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 324, "Exchange Online: dnssec-invalid, the destination domain returned DNSSEC records that could not be verified", NetworkError, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 325, "Exchange Online: certificate-host-mismatch, the destination's certificate does not name the MX host (DANE)", FailedSTARTTLS, srcMSNDRReference}},
	{4, 699, "exchange", statusCode{7, 500, "Exchange Online: access denied, please try again later (sending restricted after suspicious activity)", RateLimited, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 501, "Exchange Online: access denied, spam abuse detected", SpamDetected, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 506, "Exchange Online: access denied, bad HELO", Blocked, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 507, "Exchange Online: access denied, the sending IP is blocked by the recipient's organization", Blocked, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 508, "Exchange Online: the sending IPv6 range exceeded permitted limits", RateLimited, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 509, "Exchange Online: the sending domain does not pass DMARC and its policy is reject", AuthFailure, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 510, "Exchange Online: the recipient does not accept email over IPv6", NotAccept, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 511, "Exchange Online: access denied, banned sending IP", Blocked, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 512, "Exchange Online: message must be RFC 5322 section 3.6.2 compliant (no valid From)", NotCompliantRFC, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 513, "Exchange Online: client host blocked by the recipient domain's block list", Blocked, srcMSNDRReference}},
	{5, 649, "exchange", statusCode{7, 606, "Exchange Online: access denied, banned sending IP", Blocked, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 705, "Exchange Online: access denied, tenant has exceeded threshold (sending banned; Sisimai: ratelimited)", RateLimited, srcMSNDRReference}},
	{5, 0, "exchange", statusCode{7, 708, "Exchange Online: access denied, traffic not accepted from this IP", BadReputation, srcMSNDRReference}},
	// Exchange reserves 5.7.900-5.7.999 for mail flow (transport) rules: an administrator's
	// RejectMessage with its own code, often with a text of the admin's own that names nothing.
	{5, 999, "exchange", statusCode{7, 900, "Exchange: message rejected by a mail flow (transport) rule of the recipient's organization", PolicyViolation, srcExchangeNDRs}},
}

// lookupVendorStatus returns the vendor row of st, nil if none.
func lookupVendorStatus(st dsn.Status) *statusCode {
	for i := range vendorStatusCodes {
		v := &vendorStatusCodes[i]
		if v.Class != st.Class || v.Subject != st.Subject {
			continue
		}
		last := v.DetailTo
		if last == 0 {
			last = v.Detail
		}
		if v.Detail <= st.Detail && st.Detail <= last {
			return &v.statusCode
		}
	}
	return nil
}
