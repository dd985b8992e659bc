"""The laptop's IPv4 addresses a phone in the room could reach it on, by interface."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LocalAddress:
    interface: str  # what the system calls it: "Wi-Fi", "wlan0", "Ethernet"
    address: str  # dotted IPv4: a phone's browser gets an IP, Android resolves no .local
    is_loopback: bool

    @property
    def is_link_local(self) -> bool:
        """169.254.x.x: no DHCP server answered; phones rarely share such a network."""
        return ipaddress.IPv4Address(self.address).is_link_local


def local_addresses() -> list[LocalAddress]:
    """Every IPv4 address of every interface: ordinary ones first (the room's Wi-Fi,
    Ethernet, a hotspot), then link-local ones, loopback last (only this laptop)."""
    import ifaddr  # only when the consultant chooses an interface

    found: dict[str, LocalAddress] = {}
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):  # an IPv6 address is a tuple
                continue
            address = ipaddress.IPv4Address(ip.ip)
            name = str(adapter.nice_name or adapter.name)
            found.setdefault(ip.ip, LocalAddress(name, ip.ip, address.is_loopback))
    return sorted(found.values(), key=_order)


def _order(address: LocalAddress) -> tuple[int, tuple[int, ...]]:
    rank = 2 if address.is_loopback else 1 if address.is_link_local else 0
    return rank, tuple(int(part) for part in address.address.split("."))
