/** The materials area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

export const materialsUpload = {
  method: 'POST',
  path: '/apis/materials/uploadMaterial',
  handler: 'src/materials/handlers/uploadMaterial.ts',
  role: 'editor',
  auth: true,
  body: 'multipart',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'MATERIAL', 'ORG', 'SESSION', 'TOKEN'], bucket: 'readwrite', wechat: true, bucketPrefix: 'staging/' },
  summary: 'Upload an image, voice or thumb: checked, staged in S3, forwarded to WeChat',
  reservedConcurrency: 10,
} as const satisfies RouteDefinition;

export const materialsUploadVideo = {
  method: 'POST',
  path: '/apis/materials/uploadVideoMaterial',
  handler: 'src/materials/handlers/uploadVideoMaterial.ts',
  role: 'editor',
  auth: true,
  body: 'multipart',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'MATERIAL', 'ORG', 'SESSION', 'TOKEN'], bucket: 'readwrite', wechat: true, bucketPrefix: 'staging/' },
  summary: 'Upload a video inline or from a staged key, forwarded to WeChat',
  reservedConcurrency: 10,
} as const satisfies RouteDefinition;

export const materialsCreateUploadUrl = {
  method: 'POST',
  path: '/apis/materials/createUploadUrl',
  handler: 'src/materials/handlers/createUploadUrl.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'MATERIAL', 'ORG', 'SESSION', 'TOKEN'], bucket: 'write', bucketPrefix: 'staging/' },
  summary: 'A presigned S3 upload for a file too big for a request body',
} as const satisfies RouteDefinition;

export const materialsRemove = {
  method: 'POST',
  path: '/apis/materials/removeMaterial',
  handler: 'src/materials/handlers/removeMaterial.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'MATERIAL', 'ORG', 'RULE', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Delete a permanent material; rules that use it are listed (40900) unless `force`, then marked',
} as const satisfies RouteDefinition;

export const materialsCount = {
  method: 'POST',
  path: '/apis/materials/getMaterialCount',
  handler: 'src/materials/handlers/getMaterialCount.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'How many materials of each type',
} as const satisfies RouteDefinition;

export const materialsList = {
  method: 'POST',
  path: '/apis/materials/getMaterialByType',
  handler: 'src/materials/handlers/getMaterialByType.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Materials of a type, a page at a time (count at most 20)',
} as const satisfies RouteDefinition;

export const materialsImage = {
  method: 'GET',
  path: '/apis/materials/getMaterialImage',
  handler: 'src/materials/handlers/getMaterialImage.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: "An image material's bytes, fetched from WeChat for its owner (WeChat's image URLs refuse other sites)",
} as const satisfies RouteDefinition;

export const materialsUploadLogo = {
  method: 'POST',
  path: '/apis/materials/uploadLogo',
  handler: 'src/materials/handlers/uploadLogo.ts',
  role: 'viewer',
  auth: true,
  body: 'multipart',
  access: { table: 'write', entities: ['ORG', 'SESSION', 'USER'], bucket: 'readwrite', bucketPrefix: 'logos/' },
  summary: 'Upload the logo of the user (kept in S3, shown in me)',
} as const satisfies RouteDefinition;

export const materialsRoutes = {
  'materials.upload': materialsUpload,
  'materials.uploadVideo': materialsUploadVideo,
  'materials.createUploadUrl': materialsCreateUploadUrl,
  'materials.remove': materialsRemove,
  'materials.count': materialsCount,
  'materials.list': materialsList,
  'materials.image': materialsImage,
  'materials.uploadLogo': materialsUploadLogo,
} as const satisfies Record<string, RouteDefinition>;
