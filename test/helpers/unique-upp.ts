/** Tests make many profiles from one fixture; the function lives with the profile code (the LPA lab uses it). */
export { uppWithIccid } from '../../src/saip/upp-with-iccid.ts';
