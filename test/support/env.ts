import { inject } from 'vitest';
import { workers } from '../../lib/routes';
import { demoComponent } from '../../local/demo-component';
import { testTenantKey } from '../../local/tenant-key';

/**
 * Points domain modules imported by a test file (data layer, mail) at the suite's local stack,
 * as the gateway's handlers are. Runs before each test file.
 */
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
  AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
  AWS_ENDPOINT_URL_SES: inject('sesEndpoint'),
  AWS_ENDPOINT_URL_SQS: inject('queuesEndpoint'),
  ...Object.fromEntries(Object.keys(workers).map((id) => [workers[id as keyof typeof workers].queueUrlVariable, `${inject('queuesEndpoint')}/000000000000/${id}`])),
  TABLE_NAME: inject('tableName'),
  BUCKET_NAME: inject('bucketName'),
  PUBLIC_BASE_URL: inject('baseUrl'),
  WECHAT_API_BASE: inject('wechatBase'),
  WECHAT_MP_BASE: inject('wechatBase'),
  WECHAT_OPEN_BASE: inject('wechatBase'),
  COMPONENT_APPID: demoComponent.appid,
  COMPONENT_APPSECRET: demoComponent.secret,
  COMPONENT_TOKEN: demoComponent.token,
  COMPONENT_AES_KEY: demoComponent.aesKey,
  TENANT_LOCAL_KEY: testTenantKey,
});
