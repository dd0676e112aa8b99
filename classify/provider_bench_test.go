package classify

import "testing"

// BenchmarkProviderStageUnknown measures what the provider stage costs a
// fact whose hosts belong to no known provider: identification (a few map
// look-ups per host, no allocation) and the stage itself, next to the
// whole classification with and without the provider tables.
func BenchmarkProviderStageUnknown(b *testing.B) {
	r := fact("mx1.mail.example.org. (192.0.2.1, the server for the domain example.org.)", "kijitora@sub.example.org",
		"5.1.1", "550 5.1.1 <kijitora@sub.example.org>: Recipient address rejected: User unknown in virtual mailbox table")
	r.ReportingMTA = "dns; relay.example.net"
	rc := &r.Recipients[0]
	in := newInput(r, rc)

	b.Run("identify+stage", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			in.Provider = identify(in)
			if _, ok := providerStage(in); ok {
				b.Fatal("an unknown provider decided")
			}
		}
	})
	b.Run("classify", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ClassifyRecipient(r, rc)
		}
	})
	b.Run("classify-without-providers", func(b *testing.B) {
		saved := providerIndex
		providerIndex = nil
		defer func() { providerIndex = saved }()
		b.ReportAllocs()
		for b.Loop() {
			ClassifyRecipient(r, rc)
		}
	})
}
