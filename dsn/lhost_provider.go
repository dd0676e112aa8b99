package dsn

// providerFormatDecoders read the non-standard failure reports of mail
// providers and services (Gmail, Yahoo, Google Groups, Amazon SES, ...).
// They are tried before the MTA formats, because providers run those MTAs
// underneath and their own formats say more.
var providerFormatDecoders = []Decoder{}
