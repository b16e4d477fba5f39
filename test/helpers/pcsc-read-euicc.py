#!/usr/bin/env python3
"""A PC/SC client from Debian (python3-pyscard) reading an eUICC in a reader, as PC/SC tools do: connect for
any protocol (pcscd picks it from the ATR), SELECT MF on the basic channel (as UICC tools such as pySim-shell
start), MANAGE CHANNEL, SELECT ISD-R, then ES10c GetEUICCData (EID) and ProfileInfoListRequest in STORE DATA,
following 61xx with GET RESPONSE. Prints {"reader", "atr", "protocol", "selectMf", "eid", "profileInfoList"}
(hex; protocol "T=0" or "T=1", selectMf the response with its SW) as JSON. Usage: pcsc-read-euicc.py <reader
name prefix>"""
import json
import sys
import time

from smartcard.CardConnection import CardConnection
from smartcard.System import readers

ISD_R = list(bytes.fromhex("A0000005591010FFFFFFFF8900000100"))


def transmit(connection, apdu):
    data, sw1, sw2 = connection.transmit(apdu)
    while sw1 == 0x61:
        more, sw1, sw2 = connection.transmit([apdu[0] & 0x03, 0xC0, 0x00, 0x00, sw2])
        data += more
    return bytes(data), (sw1 << 8) | sw2


def store_data(connection, channel, command):
    return transmit(connection, [0x80 | channel, 0xE2, 0x91, 0x00, len(command)] + list(command))


def main():
    # pcscd notices a card a moment after it is inserted: look again for a few seconds.
    for _ in range(20):
        if read(sys.argv[1]):
            return
        time.sleep(0.5)
    raise SystemExit(f"no card in a reader named {sys.argv[1]}…")


def read(prefix):
    for reader in readers():
        if not str(reader).startswith(prefix):
            continue
        connection = reader.createConnection()
        try:
            connection.connect()
        except Exception:
            continue  # no card in this slot
        protocol = {CardConnection.T0_protocol: "T=0", CardConnection.T1_protocol: "T=1"}.get(
            connection.getProtocol(), str(connection.getProtocol())
        )
        # SELECT MF by file identifier, FCP asked for (ETSI TS 102 221 11.1.1).
        fcp, mf_sw = transmit(connection, [0x00, 0xA4, 0x00, 0x04, 0x02, 0x3F, 0x00])
        opened, sw = transmit(connection, [0x00, 0x70, 0x00, 0x00, 0x01])
        if sw != 0x9000:
            raise SystemExit(f"MANAGE CHANNEL: {sw:04X}")
        channel = opened[0]
        _, sw = transmit(connection, [channel, 0xA4, 0x04, 0x00, len(ISD_R)] + ISD_R)
        if sw != 0x9000:
            raise SystemExit(f"SELECT ISD-R: {sw:04X}")
        eid_data, sw = store_data(connection, channel, bytes.fromhex("BF3E035C015A"))
        if sw != 0x9000:
            raise SystemExit(f"GetEUICCData: {sw:04X}")
        profiles, sw = store_data(connection, channel, bytes.fromhex("BF2D00"))
        if sw != 0x9000:
            raise SystemExit(f"ProfileInfoListRequest: {sw:04X}")
        transmit(connection, [0x00, 0x70, 0x80, channel, 0x00])
        # BF3E 12 5A 10 <EID>
        eid = eid_data[eid_data.index(b"\x5a\x10") + 2 :][:16]
        print(
            json.dumps(
                {
                    "reader": str(reader),
                    "atr": bytes(connection.getATR()).hex().upper(),
                    "protocol": protocol,
                    "selectMf": (fcp + mf_sw.to_bytes(2, "big")).hex().upper(),
                    "eid": eid.hex().upper(),
                    "profileInfoList": profiles.hex().upper(),
                }
            )
        )
        return True
    return False


main()
