import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { config } from '../config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

// Endpoint from the SDK's configuration (AWS_ENDPOINT_URL_SES locally).
const ses = new SESClient({});

export const sendMail = async (mail: Mail): Promise<void> => {
  await ses.send(
    new SendEmailCommand({
      Source: config.mailFrom,
      Destination: { ToAddresses: [mail.to] },
      Message: {
        Subject: { Data: mail.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
      },
    }),
  );
};
