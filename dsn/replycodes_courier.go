package dsn

// courierReplyCodes are the reply codes Courier's submit process writes that
// RFC 5321 does not list (its second digit 1 or 4 names no RFC category),
// read from svarshavchik/courier:courier/courier/submit.C: "517 Invalid
// domain, see <URL:ftp://ftp.isi.edu/in-notes/rfc1035.txt>" and "417 DNS
// lookup failure: <sender>.  Try again later." for a sender domain's DNS
// check, "546 Routing loop detected -- too many Received: headers." after
// DATA, and 431/531 for too many recipients. Courier's esmtpd passes them to
// the client as they are, so a sending MTA quotes them in its bounce.
var courierReplyCodes = []int{417, 517, 531, 546}

func init() {
	for _, c := range courierReplyCodes {
		replyCodes[c] = true
	}
}
