package classify

import "testing"

// TestListsLangEzmlmIndonesian: ezmlm-idx's Indonesian texts
// (classify/texts/lists_lang_ezmlm.tsv) decide as the English rows of
// lists.tsv and ezmlm.tsv do, the text ahead of the (#5.x.x) they carry;
// the same words about something else do not.
func TestListsLangEzmlmIndonesian(t *testing.T) {
	assertReasonCases(t, Rejected, []reasonCase{
		{text: "Maaf, hanya pelanggan boleh mengirim posting. Jika anda seorang pelanggan, forward mail ini ke alumni-owner@milis.example.ac.id supaya email baru anda juga dimasukkan."},
		{text: "Maaf, anda tidak dibolehkan untuk mengirim pesan ke list ini (#5.7.2)", status: "5.7.2"},
		{text: "Alamat milis harus ada di To: atau Cc: (#5.7.0)", status: "5.7.0"},
		{text: "Maaf, program ini menolak posting anda. Hubungi alumni-owner@milis.example.ac.id jika anda mempunyai pertanyaan tentang hal ini."},
	}, []reasonCase{
		{text: "Maaf, pelanggan baru belum boleh login hari ini."},
	})
	assertReasonCases(t, ContentError, []reasonCase{
		{text: "Maaf, Saya tidak menerima pesan dengan Subjek kosong (#5.7.0)", status: "5.7.0"},
		{text: "Maaf, Saya tidak menerima pesan dengan MIME Content-Type 'application/x-msdownload' (#5.2.3)", status: "5.2.3"},
	}, []reasonCase{
		{text: "Saya tidak menerima pesan dari anda kemarin.", status: "5.0.0"},
	})
	assertReasonCases(t, EmailTooLarge, []reasonCase{
		{text: "Maaf, Saya tidak terima pesan dengan size melebihi 40000 bytes (#5.2.3)", status: "5.2.3"},
	}, nil)
}
