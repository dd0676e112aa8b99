package dsn

import "strings"

// channelDomain reports whether domain is the name Sun/Oracle Messaging
// Server gives one of its own channels' queues ("ims-ms-daemon", the
// message store's; "sims-ms-daemon" in Sun Internet Mail Server 3.5): a
// one-label name ending in "-daemon", which no host in the DNS has (RFC
// 1123 section 2.1 wants a host's name fully qualified). Its reports name
// the channel address as the final recipient and the sender's address as
// the original one: "Recipient address: user@ims-ms-daemon / Original
// address: user@host.tufts.edu / Reason: Over quota"
// (http://uit.tufts.edu/print.php?pid=548), "for jangel1@sims-ms-daemon"
// in the Received field of a real SIMS 3.5 report
// (python/cpython:Lib/test/test_email/data/msg_16.txt).
func channelDomain(domain string) bool {
	return !strings.Contains(domain, ".") && len(domain) > len("-daemon") &&
		strings.HasSuffix(strings.ToLower(domain), "-daemon")
}

// UnchannelRecipient gives rc its Original-Recipient when the
// Final-Recipient is a Messaging Server channel address (channelDomain):
// the address the sender gave is the only one it can use; the channel
// address names a queue inside the reporting server.
func UnchannelRecipient(rc *Recipient) {
	at := strings.LastIndexByte(rc.Recipient, '@')
	if at < 0 || !channelDomain(rc.Recipient[at+1:]) || rc.OriginalRecipient == "" {
		return
	}
	if oat := strings.LastIndexByte(rc.OriginalRecipient, '@'); oat > 0 && strings.Contains(rc.OriginalRecipient[oat+1:], ".") {
		rc.Recipient = rc.OriginalRecipient
	}
}

// mtaName returns the MTA name of a Reporting-MTA or Remote-MTA field of
// type "dns" without the comment that follows it: RFC 3464 section 2.1.1
// says "Text that appears in parentheses is considered a comment and not
// part of the contents of that notification field". Messaging Server
// writes one after every name ("Reporting-MTA: dns;host (tcp-daemon)",
// "Remote-MTA: dns;mx.example.org (TCP|192.0.2.2|47323|192.0.2.225|25)",
// quoted in sisimai/p5-sisimai:lib/Sisimai/Lhost/MessagingServer.pm). A
// host name holds no parenthesis; values of other types are kept whole.
func mtaName(typ, name string) string {
	if !strings.EqualFold(typ, "dns") {
		return name
	}
	if i := strings.IndexByte(name, '('); i > 0 {
		if n := strings.TrimSpace(name[:i]); n != "" {
			return n
		}
	}
	return name
}
