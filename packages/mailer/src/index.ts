export { createFileMailer } from "./create-file-mailer.ts";
export { createMailerFromConfig } from "./create-mailer-from-config.ts";
export { createSmtpMailer, type SmtpOptions } from "./create-smtp-mailer.ts";
export { type Mailer, type MailMessage, renderMessage } from "./mailer.ts";
