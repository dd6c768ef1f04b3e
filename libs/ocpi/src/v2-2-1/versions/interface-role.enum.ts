/** 2.2.1 InterfaceRole (version_information_endpoint): which side of a module an endpoint implements. */
export enum InterfaceRole {
  /** Implemented by the owner of the data; the Receiver pulls from it. */
  SENDER = 'SENDER',
  /** Implemented by the receiver of data; the Sender pushes to it. */
  RECEIVER = 'RECEIVER',
}
