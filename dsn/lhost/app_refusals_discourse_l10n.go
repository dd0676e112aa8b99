package lhost

// discourseFormsMore are the email_reject_* templates' Spanish wording
// (discourse/discourse: config/locales/server.es.yml at
// 01688fa3e9e1fd5b36f8714f5f85b83e51beb669, system_messages): the
// Subjects' fixed part ("[Foro] Problema de correo electrónico -- Clave
// de respuesta desconocida"; email_reject_reply_to_digest writes an em
// dash, email_reject_too_many_recipients "Problema del correo – "), and
// the first line, which the translators wrote in several ways:
//
//	Lo sentimos, tu mensaje de correo electrónico a replies+KEY@foro.example
//	(con el título Riego por goteo) no funcionó.
//
// ("tu correo electrónico para", "pero tu mensaje a", "(titulado ...)",
// "(con título ...)"; some templates lack the space after "título"). Every
// lead starts with the template's "Lo sentimos", so that
// email_reject_attachment ("Lamentablemente, algunos archivos adjuntos de
// tu correo electrónico a ...") stays unread, as in English: the post went
// out without the attachments. The forms differ only in the parenthesis
// before the title, as discourseForm holds one.
var discourseFormsMore = func() []discourseForm {
	issues := []string{"Problema de correo electrónico -- ", "Problema de correo electrónico — ", "Problema del correo – "}
	leads := []string{
		"Lo sentimos, pero tu mensaje por correo electrónico para ",
		"Lo sentimos, pero tu mensaje de correo electrónico a ",
		"Lo sentimos, tu mensaje de correo electrónico para ",
		"Lo sentimos, tu mensaje de correo electrónico a ",
		"Lo sentimos, pero tu correo electrónico a ",
		"Lo sentimos pero tu correo electrónico para ",
		"Lo sentimos, tu correo electrónico para ",
		"Lo sentimos, tu correo electrónico a ",
		"Lo sentimos, pero tu mensaje a ",
		"Lo sentimos, tu mensaje a ",
	}
	// The Subjects are given once: discourseIssues collects every form's.
	return []discourseForm{
		{"es", issues, leads, " (con el título"},
		{"es", nil, leads, " (con título"},
		{"es", nil, leads, " (titulado "},
	}
}()

// discourseFormsIt are the Italian wording (server.it.yml at
// 01275fa4648df3e36267a482268b07d13fd1a8fe): Subjects "[Forum] Problema
// email -- Utente Inattivo", some "Problema alla posta elettronica - ..."
// or "...: stai tentando di rispondere a una vecchia notifica", one
// "Problema e-mail - ..."; first lines "Spiacenti, ma il tuo messaggio
// email per ADDR (intitolato TITLE) non ha funzionato." and the "Siamo
// spiacenti, ma il tuo messaggio (e-mail a | di posta elettronica per |
// email per)" variants, with "(intitolata" and "(titolo" too.
// email_reject_attachment ("Sfortunatamente alcuni allegati nel tuo
// messaggio ...") has no lead and stays unread.
var discourseFormsIt = func() []discourseForm {
	issues := []string{"Problema email -- ", "Problema alla posta elettronica - ", "Problema alla posta elettronica: ", "Problema e-mail - "}
	leads := []string{
		"Siamo spiacenti, ma il tuo messaggio di posta elettronica per ",
		"Siamo spiacenti, ma il tuo messaggio e-mail a ",
		"Siamo spiacenti, ma il tuo messaggio email per ",
		"Spiacenti, ma il tuo messaggio email per ",
	}
	return []discourseForm{
		{"it", issues, leads, " (intitolato "},
		{"it", nil, leads, " (intitolata "},
		{"it", nil, leads, " (titolo "},
	}
}()

// discourseFormsPt are the Brazilian Portuguese wording (server.pt_BR.yml
// at 0098836e10842decc98a233dc9fa571fce8d54d1): Subjects "[Fórum]
// Problema no e-mail, tópico fechado" ("Problema no email, ...",
// "Problema no e-mail: ...", and email_reject_parsing's "Problema no
// e-mai, ..."); first lines "Desculpe, mas (a) sua mensagem de e-mail
// para ADDR (com o título de TITLE) não funcionou.", some without the
// space after "para" or without "para" at all, "(com o titulo de" and
// "(intitulada" too. The leads without "para" come last, so that the
// word is not taken for part of the address. email_reject_attachment
// ("Infelizmente alguns anexos em sua mensagem ...") has no lead.
var discourseFormsPt = func() []discourseForm {
	issues := []string{"Problema no e-mail, ", "Problema no e-mail: ", "Problema no email, ", "Problema no e-mai, "}
	leads := []string{
		"Desculpe, mas a sua mensagem de e-mail para",
		"Desculpe, mas sua mensagem de e-mail para",
		"Desculpe, mas sua mensagem de e-mail ",
	}
	return []discourseForm{
		{"pt", issues, leads, " (com o título de "},
		{"pt", nil, leads, " (com o titulo de "},
		{"pt", nil, leads, " (intitulada "},
	}
}()

// discourseFormsNl are the Dutch wording (server.nl.yml at
// 00011e9cd999c967003ea3f629b3386565dec332): Subjects "[Forum]
// E-mailprobleem -- topic gesloten"; first lines "Sorry, je e-mailbericht
// aan ADDR (getiteld TITLE) werkte niet." and its variants ("Sorry, het
// plaatsen van je e-mailbericht op/naar ... (met de titel ...) is niet
// gelukt.", "Sorry, e-mailbericht aan", "Sorry, je-mailbericht aan", and
// "Je e-mailbericht aan" without "Sorry"). email_reject_attachment
// ("Sommige bijlagen bij je e-mailbericht aan ...") has no lead: the
// leads are matched with their capital letters.
var discourseFormsNl = func() []discourseForm {
	issues := []string{"E-mailprobleem -- "}
	leads := []string{
		"Sorry, het plaatsen van je e-mailbericht naar ",
		"Sorry, het plaatsen van je e-mailbericht op ",
		"Sorry, je e-mailbericht aan ",
		"Sorry, je-mailbericht aan ",
		"Sorry, e-mailbericht aan ",
		"Je e-mailbericht aan ",
	}
	return []discourseForm{
		{"nl", issues, leads, " (getiteld "},
		{"nl", nil, leads, " (met de titel "},
	}
}()

// discourseFormsRu are the Russian wording (server.ru.yml at
// 008328b23a7d80f2b5268c0123a39ba87946b37e, system_messages): Subjects
// "[Форум] Проблема с письмом: неизвестный ключ ответа"; every first line
// "Ваше письмо, отправленное на адрес ADDR (озаглавленное как TITLE), не
// опубликовано." email_reject_attachment has no such line.
var discourseFormsRu = []discourseForm{
	{"ru", []string{"Проблема с письмом: "}, []string{"Ваше письмо, отправленное на адрес "}, " (озаглавленное как "},
}

// discourseFormsJa are the Japanese wording (server.ja.yml at
// 008328b23a7d80f2b5268c0123a39ba87946b37e): Subjects "[フォーラム]
// メールの問題 -- 不明な返信キー" (email_reject_too_many_recipients
// without the brackets); the first line starts with the address:
// "ADDR へのメールメッセージ (件名:「TITLE」) は送信されませんでした。"
// ("(件名: 「", "(件名: TITLE) は処理されませんでした。"), so the lead is
// empty and the text must begin with the address (discourseAddress).
// email_reject_attachment's line begins "残念ながら、" and is not read.
var discourseFormsJa = []discourseForm{
	{"ja", []string{"メールの問題 -- "}, []string{""}, " へのメールメッセージ (件名"},
}

// discourseFormsKo are the Korean wording (server.ko.yml at
// 00ec81dd4e235c69df8fa4b21b85949aef671f4d): Subjects "[포럼] 이메일 문제 --
// 알 수 없는 답장 키"; the first line starts with the address, the title's
// parenthesis right after it: "ADDR(제목: TITLE)에 보낸 이메일 메시지가
// 거부되었습니다." email_reject_attachment starts the same way
// ("ADDR(제목: TITLE)에 보낸 이메일 메시지의 첨부 파일 중 일부가
// 거부되었습니다."): discourseAttachmentLines leaves it unread.
var discourseFormsKo = []discourseForm{
	{"ko", []string{"이메일 문제 -- "}, []string{""}, "(제목: "},
}

// discourseFormsZh are the Simplified Chinese wording of the release
// whose server.zh_CN.yml is at 01403cba4e9516307f21df605bed3f9409e786d7
// (older keys: email_reject_trust_level, _no_account, _post_error,
// _destination): Subjects "[论坛] 电子邮件错误 -- 未知回复指纹" or "邮件问题 --
// 主题已关闭"; first lines "我们很抱歉，但是你发送至 ADDR（名为 TITLE）的邮件无法发送。"
// ("您发送至", "（名为TITLE） 的"), and email_reject_topic_not_found's
// "十分抱歉，无法将你的信息发表到 ADDR (titled TITLE) 。".
var discourseFormsZh = func() []discourseForm {
	leads := []string{"我们很抱歉，但是你发送至 ", "我们很抱歉，但是您发送至 "}
	return []discourseForm{
		{"zh", []string{"电子邮件错误 -- ", "邮件问题 -- "}, leads, "（名为"},
		{"zh", nil, []string{"十分抱歉，无法将你的信息发表到 "}, " (titled "},
	}
}()

// discourseAttachmentLines are words of a first line that says only some
// attachments were refused (email_reject_attachment) where the line's
// start is that of the refusals: Korean (server.ko.yml, above).
var discourseAttachmentLines = []string{"메시지의 첨부 파일"}

// discourseFormsTr are the Turkish wording (server.tr_TR.yml at
// 00011e9cd999c967003ea3f629b3386565dec332): Subjects "[Forum] E-posta
// sorunu -- Yetersiz Güven Seviyesi" (most with one dash); first lines
// "Üzgünüz, ancak ADDR (TITLE başlıklı) e-posta mesajınız başarısız oldu."
// (the parenthesis opens before the title, "başlıklı" closes it) and
// email_reject_invalid_post_action's "Üzgünüz, ancak ADDR adresine
// gönderdiğiniz e-posta mesajı (TITLE başlıklı) başarısız oldu."
// email_reject_attachment has no such line.
var discourseFormsTr = func() []discourseForm {
	leads := []string{"Üzgünüz, ancak "}
	return []discourseForm{
		{"tr", []string{"E-posta sorunu -- ", "E-posta sorunu - "}, leads, " adresine gönderdiğiniz e-posta mesajı ("},
		{"tr", nil, leads, " ("},
	}
}()

// discourseFormsUk are the Ukrainian wording (server.uk.yml at
// 00252f32883920866b4bd16c5d2abf2e50c2ef7e): Subjects "[Форум] Проблема
// електронної пошти -- Тема закрита" (one dash, or an en dash, in some;
// "Проблема з електронною поштою" in others); first lines "Вибачте, але ваш
// лист до ADDR (з темою TITLE) не опрацьовано." or "Вибачте, але ваше
// повідомлення електронної пошти до ADDR (з темою TITLE) не опрацьоване."
// email_reject_attachment ("На жаль, деякі вкладення у вашому листі до
// ...") has no lead.
var discourseFormsUk = []discourseForm{
	{"uk", []string{"Проблема електронної пошти -- ", "Проблема електронної пошти - ", "Проблема електронної пошти – ",
		"Проблема з електронною поштою -- ", "Проблема з електронною поштою – "},
		[]string{"Вибачте, але ваш лист до ", "Вибачте, але ваше повідомлення електронної пошти до "}, " (з темою "},
}
