/** 2.2.1 TokenType (mod_tokens "TokenType enum"); used by PublishTokenType. */
export enum TokenType {
  AD_HOC_USER = 'AD_HOC_USER',
  APP_USER = 'APP_USER',
  OTHER = 'OTHER',
  RFID = 'RFID',
}
