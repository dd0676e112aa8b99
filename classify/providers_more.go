package classify

import "regexp"

// Sources of the tables of the providers issue 10 added.
const (
	srcEarthLink      = "https://postmaster-earthlink.vadesecure.com/inbound_error_codes (EarthLink inbound SMTP error codes: each reply carries a code ELNK_<n>)"
	srcEarthLinkBlock = "https://support.earthlink.net/articles/email/email-blocked-by-earthlink.php (EarthLink: 550 IP <ip> is blocked by EarthLink, an IP associated with spam)"
	srcEarthLinkZomb  = "https://lists.freebsd.org/pipermail/freebsd-doc/2009-October/016377.html (EarthLink's blockedbyearthlink auto-reply quoting its 550 Dynamic/zombied/spam IPs blocked)"
	srcIONOS          = "https://ionos.de/hilfe/e-mail/postmaster/smtp-fehlermeldungen-der-11-ionos-mailserver (IONOS: SMTP error messages of the IONOS mail servers)"
)

// EarthLink is EarthLink's mail (earthlink.net, mindspring.com,
// peoplepc.com), filtered by Vade. Its refusals end in a code "ELNK_<n>"
// whose number names the cause; the words before it ("Connection
// refused", "Connection deferred", "Sender blocked error") are shared by
// causes as different as a block list, a missing PTR record and a
// connection limit, so the code decides.
var EarthLink = &Provider{
	Name:        "earthlink",
	Domains:     []string{"earthlink.net", "mindspring.com", "peoplepc.com"},
	CodePattern: regexp.MustCompile(`\belnk_([0-9]{3})\b`),
	Source:      srcEarthLink,
	Rules: []ProviderRule{
		{Reason: Blocked, Code: "101", Source: srcEarthLink},       // on the Vade Threat Network list
		{Reason: Blocked, Code: "102", Source: srcEarthLink},       // on a Validity block list
		{Reason: SystemError, Code: "103", Source: srcEarthLink},   // server temporarily unavailable
		{Reason: RequirePTR, Code: "105", Source: srcEarthLink},    // check your reverse DNS
		{Reason: RequirePTR, Code: "108", Source: srcEarthLink},    // check your FCrDNS
		{Reason: RateLimited, Code: "110", Source: srcEarthLink},   // concurrent connections limit
		{Reason: Blocked, Code: "111", Source: srcEarthLink},       // on a Spamhaus block list
		{Reason: BadReputation, Code: "130", Source: srcEarthLink}, // volume and quality of the traffic
		{Reason: Blocked, Text: "is blocked by earthlink", Source: srcEarthLinkBlock},
		{Reason: Blocked, Text: "dynamic/zombied/spam ips blocked", Source: srcEarthLinkZomb},
	},
}

// IONOS is IONOS (formerly 1&1) hosting mail; its MX hosts
// (mx00.ionos.de, mx00.kundenserver.de, ...) receive for the customers'
// own domains. "Reject due to policy violations" refuses a sending IP
// IONOS has blocked: for a poor delivery rate (too many addresses that do
// not exist), spam reports, or a HELO that keeps changing.
var IONOS = &Provider{
	Name: "ionos",
	Domains: []string{
		"ionos.de", "ionos.com", "ionos.co.uk", "ionos.fr", "ionos.es", "ionos.it", "ionos.ca",
		"ionos.mx", "kundenserver.de",
	},
	Source: srcIONOS,
	Rules: []ProviderRule{
		{Reason: Blocked, Text: "reject due to policy violations", Source: srcIONOS},
		{Reason: RateLimited, Text: "rate limit reached", Source: srcIONOS},
	},
}
