/**
 * The IPA's half of the IoT eUICC's ES10b functions (SGP.32 5.9): each call encodes its request from the
 * declared request type and decodes the answer with the declared response type (src/protocol/
 * es10-iot-functions.ts), over the same STORE DATA transport as SGP.22's ES10 (src/lpa/es10-client.ts).
 * A function's own error results are returned as values: what to do with them is the IPA's procedure.
 */

import { NotificationSentRequest, NotificationSentResponse } from '../asn1/rsp/index.ts';
import type { Infer } from '../asn1/schema.ts';
import type { Es10Client } from '../lpa/es10-client.ts';
import type { Es10FunctionDeclaration } from '../protocol/es10-functions.ts';
import { type Es10IotFunctionName, Es10IotFunctions } from '../protocol/es10-iot-functions.ts';

type Declarations = typeof Es10IotFunctions;
export type IotRequest<N extends Es10IotFunctionName> = Infer<Declarations[N]['request']>;
export type IotResponse<N extends Es10IotFunctionName> = Infer<Declarations[N]['response']>;

export interface IotAnswer<N extends Es10IotFunctionName> {
  /** The response data as the eUICC sent it (a result is passed on to the eIM unchanged). */
  readonly der: Buffer;
  readonly value: IotResponse<N>;
}

export class IotEs10Client {
  constructor(readonly es10: Es10Client) {}

  /** One IoT ES10b function, typed by its declaration. */
  async call<N extends Es10IotFunctionName>(name: N, request: IotRequest<N>): Promise<IotAnswer<N>> {
    // the declaration of N decodes to IotResponse<N>: TypeScript does not follow N through the table
    const declaration: Es10FunctionDeclaration = Es10IotFunctions[name];
    const der = await this.es10.storeData(declaration.request.encode(request));
    return { der, value: declaration.response.decode(der) as IotResponse<N> };
  }

  /** ES10b.LoadEuiccPackage: the EuiccPackageRequest ('BF51') exactly as the eIM sent it. */
  async loadEuiccPackage(euiccPackageRequestDer: Buffer): Promise<IotAnswer<'loadEuiccPackage'>> {
    const der = await this.es10.storeData(euiccPackageRequestDer);
    return { der, value: Es10IotFunctions.loadEuiccPackage.response.decode(der) };
  }

  /** ES10b.RemoveNotificationFromList: a notification's or a kept package result's seqNumber. */
  async removeNotificationFromList(seqNumber: number): Promise<number> {
    const der = await this.es10.storeData(NotificationSentRequest.encode({ seqNumber }));
    return NotificationSentResponse.decode(der).deleteNotificationStatus;
  }

  getEimConfigurationData = (eimId?: string) =>
    this.call('getEimConfigurationData', eimId === undefined ? {} : { searchCriteria: { eimId } });
  getEuiccInfo2 = () => this.call('getEuiccInfo2', {});
  getCerts = () => this.call('getCerts', {});
  profileRollback = (refreshFlag = false) => this.call('profileRollback', { refreshFlag });
  immediateEnable = (refreshFlag = false) => this.call('immediateEnable', { refreshFlag });
  executeFallbackMechanism = (refreshFlag = false) => this.call('executeFallbackMechanism', { refreshFlag });
  returnFromFallback = (refreshFlag = false) => this.call('returnFromFallback', { refreshFlag });
  /** The kept eUICC Package Results (searchCriteria euiccPackageResults). */
  retrievePackageResults = () =>
    this.call('retrieveNotificationsList', { searchCriteria: { euiccPackageResults: null } });
  /** The pending notifications (no search criteria: the notification list of v1.2). */
  retrieveNotifications = () => this.call('retrieveNotificationsList', {});
}
