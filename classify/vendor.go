package classify

import "strings"

// Some sending MTAs and services write their own category of a failure
// into the report: PowerMTA an X-PowerMTA-BounceCategory field per
// recipient, Amazon SES a bounce subtype in its notification. The vendor
// stage reads them when the text stage found nothing: a category chosen
// by software that saw the whole SMTP dialogue says more than a bare
// status code, but less than a recognised reply text.

// VendorCategoryRule maps a vendor's category, found in a field of the
// recipient or of the report, to a reason.
type VendorCategoryRule struct {
	Vendor  string // the vendor, in rule ids
	Decoder string // the decoder that must have read the report ("" for any)
	Field   string // the field holding the category (case-insensitive)
	Value   string // the category (case-insensitive)
	Reason  Reason
	Source  string
}

// ID returns the rule's id: vendor/reason/value.
func (r *VendorCategoryRule) ID() string {
	return r.Vendor + "/" + string(r.Reason) + "/" + strings.ToLower(r.Value)
}

const (
	srcPowerMTA = "https://it.i88.ca/2014/11/bounce-categories-of-powermta.html (PowerMTA bounce categories, as its User's Guide defines them)"
	srcSES      = "https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html#bounce-types (Amazon SES bounce types and subtypes)"
)

// VendorCategoryRules are the vendor categories the stage knows, in the
// order they are tried. Categories that name no single reason (PowerMTA's
// "other", "bad-configuration", "protocol-errors", "routing-errors";
// SES's "General", "Undetermined", "ContentRejected",
// "AttachmentRejected") are left to the later stages.
var VendorCategoryRules = []VendorCategoryRule{
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "bad-mailbox", Reason: UserUnknown, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "bad-domain", Reason: HostUnknown, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "inactive-mailbox", Reason: Suspend, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "quota-issues", Reason: MailboxFull, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "spam-related", Reason: SpamDetected, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "virus-related", Reason: VirusDetected, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "content-related", Reason: ContentError, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "policy-related", Reason: PolicyViolation, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "relaying-issues", Reason: NoRelaying, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "invalid-sender", Reason: Rejected, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "message-expired", Reason: Expired, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "no-answer-from-host", Reason: NetworkError, Source: srcPowerMTA},
	{Vendor: "powermta", Field: "X-PowerMTA-BounceCategory", Value: "bad-connection", Reason: NetworkError, Source: srcPowerMTA},

	{Vendor: "amazonses", Decoder: "AmazonSES", Field: "Bounce-Sub-Type", Value: "NoEmail", Reason: UserUnknown, Source: srcSES},
	{Vendor: "amazonses", Decoder: "AmazonSES", Field: "Bounce-Sub-Type", Value: "Suppressed", Reason: Suppressed, Source: srcSES},
	{Vendor: "amazonses", Decoder: "AmazonSES", Field: "Bounce-Sub-Type", Value: "OnAccountSuppressionList", Reason: Suppressed, Source: srcSES},
	{Vendor: "amazonses", Decoder: "AmazonSES", Field: "Bounce-Sub-Type", Value: "MailboxFull", Reason: MailboxFull, Source: srcSES},
	{Vendor: "amazonses", Decoder: "AmazonSES", Field: "Bounce-Sub-Type", Value: "MessageTooLarge", Reason: EmailTooLarge, Source: srcSES},
}

// vendorStage decides by the first rule whose field holds its category.
func vendorStage(in *Input) (Verdict, bool) {
	field, value := "", "" // the rules come grouped by field: look each up once
	for i := range VendorCategoryRules {
		r := &VendorCategoryRules[i]
		if r.Decoder != "" && r.Decoder != in.Report.Decoder {
			continue
		}
		if r.Field != field {
			field = r.Field
			value = in.Recipient.Fields.Get(field)
			if value == "" {
				value = in.Report.Fields.Get(field)
			}
			value = strings.TrimSpace(value)
		}
		if value != "" && strings.EqualFold(value, r.Value) {
			return Verdict{Reason: r.Reason, Stage: StageVendor, Rule: "vendor/" + r.ID()}, true
		}
	}
	return Verdict{}, false
}
