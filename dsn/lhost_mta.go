package dsn

// mtaFormatDecoders read the non-standard (non-RFC 3464) failure reports of
// MTA software: qmail, Exim, old Sendmail and Postfix, Exchange, ... They
// are tried after the provider formats.
var mtaFormatDecoders = []Decoder{}
