package classify

import "strings"

// Some sending MTAs and services write their own category of a failure
// into the report: PowerMTA an X-PowerMTA-BounceCategory field per
// recipient, Amazon SES a bounce subtype in its notification. The vendor
// stage reads them when the text stage found nothing: a category chosen
// by software that saw the whole SMTP dialogue says more than a bare
// status code, but less than a recognised reply text.

// VendorCategories is one vendor's categories: the field that holds
// them, per recipient or per report, and the reason each names. A table
// without a field is a decoder whose every report is of one kind: its
// single row (with an empty Value) names the reason.
type VendorCategories struct {
	Vendor  string // the vendor, in rule ids
	Decoder string // the decoder that must have read the report ("" for any)
	Field   string // the field holding the category (case-insensitive); "" for the decoder alone
	Source  string
	Rows    []VendorCategory
	// Overrides marks a category the software sets on the whole notice
	// that decides ahead of its words (and ahead of the provider's
	// table): a filter's own mark on what it refused, which the text
	// below it does not name.
	Overrides bool
}

// VendorCategory is one category (case-insensitive) and its reason.
type VendorCategory struct {
	Value  string
	Reason Reason
}

// RuleID returns the id of row i: vendor/reason/value, or vendor/reason
// for a decoder's table.
func (t *VendorCategories) RuleID(i int) string {
	if t.Field == "" {
		return t.Vendor + "/" + string(t.Rows[i].Reason)
	}
	return t.Vendor + "/" + string(t.Rows[i].Reason) + "/" + strings.ToLower(t.Rows[i].Value)
}

// VendorCategoryTables are the vendors the stage knows, in the order they
// are tried. Categories that name no single reason (PowerMTA's "other",
// "bad-configuration", "protocol-errors", "routing-errors"; SES's
// "General", "Undetermined", "ContentRejected", "AttachmentRejected") are
// left to the later stages.
var VendorCategoryTables = []*VendorCategories{
	{
		// au's (KDDI's) spam filter marks the notice of a message it
		// refused "X-SPASIGN: NG"; the words below it may say anything
		// (a full mailbox, an unknown user), and Sisimai's EZweb and
		// KDDI decoders read every recipient of such a notice as
		// filtered (dsn's decoders keep the field).
		Vendor:    "kddi",
		Field:     "X-SPASIGN",
		Source:    "sisimai/p5-sisimai:lib/Sisimai/Lhost/EZweb.pm, lib/Sisimai/Lhost/KDDI.pm (X-SPASIGN: NG, spamghetti, au by KDDI: reason filtered)",
		Rows:      []VendorCategory{{"NG", Filtered}},
		Overrides: true,
	},
	{
		Vendor: "powermta",
		Field:  "X-PowerMTA-BounceCategory",
		Source: "https://it.i88.ca/2014/11/bounce-categories-of-powermta.html (PowerMTA bounce categories, as its User's Guide defines them)",
		Rows: []VendorCategory{
			{"bad-mailbox", UserUnknown},
			{"bad-domain", HostUnknown},
			{"inactive-mailbox", Suspend},
			{"quota-issues", MailboxFull},
			{"spam-related", SpamDetected},
			{"virus-related", VirusDetected},
			{"content-related", ContentError},
			{"policy-related", PolicyViolation},
			{"relaying-issues", NoRelaying},
			{"invalid-sender", Rejected},
			{"message-expired", Expired},
			{"no-answer-from-host", NetworkError},
			{"bad-connection", NetworkError},
		},
	},
	{
		Vendor:  "amazonses",
		Decoder: "AmazonSES",
		Field:   "Bounce-Sub-Type",
		Source:  "https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html#bounce-types (Amazon SES bounce types and subtypes)",
		Rows: []VendorCategory{
			{"NoEmail", UserUnknown},
			{"Suppressed", Suppressed},
			{"OnAccountSuppressionList", Suppressed},
			{"MailboxFull", MailboxFull},
			{"MessageTooLarge", EmailTooLarge},
		},
	},
	{
		// A Reject event of SES's event publishing: SES found a virus
		// in the message and did not deliver it (dsn's AmazonSES
		// decoder gives each destination the reject object's reason).
		Vendor:  "amazonses",
		Decoder: "AmazonSES",
		Field:   "Reject-Reason",
		Source:  "https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html#event-publishing-retrieving-sns-contents-reject-object (reason: \"Bad content\", SES detected that the email contained a virus)",
		Rows:    []VendorCategory{{"Bad content", VirusDetected}},
	},
	{
		// Google Groups answers a post it will not distribute with one
		// report, in the poster's language: the group may not exist, or
		// the poster may not post to it (dsn's GoogleGroups decoder).
		// Either way the group refused this sender, which is what
		// Sisimai's decoder for these reports says, and what RFC 3463's
		// X.7.2 ("mailing list expansion prohibited: the sender is not
		// authorized to send to the list") means.
		Vendor:  "googlegroups",
		Decoder: "GoogleGroups",
		Source:  "sisimai/p5-sisimai:lib/Sisimai/Lhost/GoogleGroups.pm (reason rejected for Google Groups' refusals of a post)",
		Rows:    []VendorCategory{{"", Rejected}},
	},
	{
		// mlmmj's notice that the list refused a post (dsn's mlmmj
		// decoder): the list did not take the message from this sender
		// (not a subscriber, not a moderator, an access rule, a
		// moderator's refusal), as Google Groups' refusal above; the
		// size limit, which its text names, is emailtoolarge by the
		// text stage first.
		Vendor:  "mlmmj",
		Decoder: "mlmmj",
		Source:  "mlmmj 1.3.0: src/mlmmj-process.c and listtexts/en/deny-post (the reasons the list refuses a post)",
		Rows:    []VendorCategory{{"", Rejected}},
	},
	{
		// GNU Mailman's rejection of a post and its moderator's refusal
		// of a held one (dsn's Mailman decoder): the list did not take
		// the message from this sender, as mlmmj's refusal above; the
		// size limit, which Mailman 3's reasons name, is emailtoolarge
		// by the text stage first.
		Vendor:  "mailman",
		Decoder: "Mailman",
		Source:  "mailman 3.3.10: src/mailman/chains/reject.py, app/moderator.py send_rejection and templates/en/list:user:notice:rejected.txt, list:user:notice:refuse.txt (the list refuses a post)",
		Rows:    []VendorCategory{{"", Rejected}},
	},
	{
		// ezmlm-idx's return of a post a moderated list did not take
		// (dsn's ezmlm decoder): a moderator rejected it, or none acted
		// in time; either way the list did not take it from this
		// sender, as mlmmj's and Mailman's refusals above.
		Vendor:  "ezmlm",
		Decoder: "ezmlm",
		Source:  "bruceg/ezmlm-idx:ezmlm-moderate.c, ezmlm-clean.c and lang/en_US/text/mod-reject, mod-timeout (the list returns a post)",
		Rows:    []VendorCategory{{"", Rejected}},
	},
	{
		// Sympa's notice that a moderator rejected a post (dsn's Sympa
		// decoder), in any of its languages: the list did not take the
		// post from this sender.
		Vendor:  "sympa",
		Decoder: "Sympa",
		Source:  "Sympa 6.2.76: default/mail_tt2/reject.tt2 and src/lib/Sympa/Spindle/ProcessModeration.pm (a moderator rejects a post)",
		Rows:    []VendorCategory{{"", Rejected}},
	},
}

// vendorStage decides by the category in the first vendor's field found.
func vendorStage(in *Input) (Verdict, bool) {
	t, i := vendorMatch(in)
	if t == nil {
		return Verdict{}, false
	}
	return Verdict{Reason: t.Rows[i].Reason, Stage: StageVendor, Rule: "vendor/" + t.RuleID(i)}, true
}

// vendorOverride decides by a category that overrides the notice's words
// (VendorCategories.Overrides); it runs before the provider and text
// stages.
func vendorOverride(in *Input) (Verdict, bool) {
	if len(in.Report.Fields) == 0 && len(in.Recipient.Fields) == 0 {
		return Verdict{}, false
	}
	t, i := vendorMatch(in)
	if t == nil || !t.Overrides {
		return Verdict{}, false
	}
	return Verdict{Reason: t.Rows[i].Reason, Stage: StageVendor, Rule: "vendor/" + t.RuleID(i)}, true
}

// vendorMatch returns the vendor table and row whose category the fact
// carries, nil if none.
func vendorMatch(in *Input) (*VendorCategories, int) {
	for _, t := range VendorCategoryTables {
		if t.Decoder != "" && t.Decoder != in.Report.Decoder {
			continue
		}
		if t.Field == "" {
			return t, 0
		}
		value := in.Recipient.Fields.Get(t.Field)
		if value == "" {
			value = in.Report.Fields.Get(t.Field)
		}
		if value = strings.TrimSpace(value); value == "" {
			continue
		}
		for i, row := range t.Rows {
			if strings.EqualFold(value, row.Value) {
				return t, i
			}
		}
	}
	return nil, -1
}
