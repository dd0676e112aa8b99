package lhost

import "github.com/bounce-milter/bounce-milter/dsn"

// notesFallbackRecipient gives the recipient of a Lotus Notes SMTP MTA
// report whose "Failure Reasons" section holds a reason but no address
// line: the returned message's addressee. Sisimai's decoder does the same
// ("Fallback: Get the recpient address from RFC822 part",
// sisimai/p5-sisimai:lib/Sisimai/Lhost/Notes.pm), for the Notes notices
// that name no address under their reason.
func notesFallbackRecipient(o dsn.Original) []string {
	if o.To == "" {
		return nil
	}
	return []string{o.To}
}
