package classify

// Sources of Cloudflare Email Routing's table.
const (
	srcCloudflare = "https://developers.cloudflare.com/email-routing/postmaster/ (Cloudflare Email Routing's postmaster page); sisimai/go-sisimai rhost/for-cloudflare.go (\"found on one or more DNSBLs\" blocked, \"Upstream error\" systemerror)"
)

// Cloudflare is Cloudflare Email Routing: the MX hosts
// route1/route2/route3.mx.cloudflare.net receive mail for customers' own
// domains and forward it. It refuses a sender IP found on a DNS block list
// and defers when the forwarding destination fails ("Upstream error"): a
// failure of Cloudflare's hop, not of the recipient's mailbox.
var Cloudflare = &Provider{
	Name:    "cloudflare",
	Domains: []string{"mx.cloudflare.net"},
	Source:  srcCloudflare,
	Rules: []ProviderRule{
		{Reason: Blocked, Text: "found on one or more dnsbls", Source: srcCloudflare},
		{Reason: SystemError, Text: "upstream error", OwnReply: true, Source: srcCloudflare},
	},
}
