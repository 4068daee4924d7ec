export { startWechatSimulator, demoAccounts, type SimulatorOptions, type WechatSimulator } from './server';
export { SimError } from './errors';
