package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// ezmlmTopID is lang/id/text/top as ezmlm-idx writes it for the list.
const ezmlmTopID = "Hai! Ini adalah program ezmlm.\nKami yang mengurus milis walkers@lists.example.org.\n\n" +
	"Kami bekerja untuk pemilik kami, yang dapat dijangkau pada alamat e-mail\nwalkers-owner@lists.example.org.\n\n"

// ezmlmIDSamples: an Indonesian list returns a post under lang/id/messages'
// SUB_RETURNED_POST ("Pengembalian posting untuk <#L#>@<#H#>") with its
// TXT_MAILING_LIST field ("hubungi ... dijalankan dengan ezmlm").
var ezmlmIDSamples = []registrySample{
	{
		name: "an Indonesian list's moderator refusal (lang/id/text/mod-reject)",
		msg: "Mailing-List: hubungi walkers-help@lists.example.org; dijalankan dengan ezmlm\nFrom: walkers-owner@lists.example.org\nTo: eva@example.com\n" +
			"Subject: Pengembalian posting untuk walkers@lists.example.org\n\n" + ezmlmTopID +
			"Maaf, posting anda (terlampir) tidak diterima oleh moderator.  Jika ada\nkomentar-komentar dari moderator, mereka akan terlihat di bawah.\n\n" +
			">>>>> -------------------- >>>>>\nMohon gunakan bahasa yang sopan.\n<<<<< -------------------- <<<<<\n\nReturn-Path: <eva@example.com>\n" + mailmanPost,
		want: provWant{decoder: "ezmlm", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "Mohon gunakan bahasa yang sopan."},
		}},
	},
}

func TestEzmlmIndonesian(t *testing.T) { checkRegistrySamples(t, ezmlmIDSamples) }

// TestEzmlmIndonesianNearMisses: the Subject without ezmlm's field, or from
// a sender other than the list's -owner or -help address, is no return.
func TestEzmlmIndonesianNearMisses(t *testing.T) {
	for name, msg := range map[string]string{
		"no Mailing-List field": "From: walkers-owner@lists.example.org\nTo: eva@example.com\nSubject: Pengembalian posting untuk walkers@lists.example.org\n\n" +
			"Maaf, posting anda (terlampir) tidak diterima oleh moderator.\n",
		"a member's mail": "Mailing-List: hubungi walkers-help@lists.example.org; dijalankan dengan ezmlm\nFrom: budi@example.co.id\nTo: walkers@lists.example.org\n" +
			"Subject: Pengembalian posting untuk walkers@lists.example.org\n\nKenapa posting saya dikembalikan?\n",
	} {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, "ezmlm", r.Decoder)
		})
	}
}
