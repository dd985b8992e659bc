"""The laptop's IPv4 addresses a phone in the room could reach it on, by interface."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

# Adapters no phone in the room is on: containers' and virtual machines' bridges, VPN
# tunnels (names as Linux, macOS and Windows give them). Not macOS's bridge100 nor
# Windows' "Local Area Connection* N": those are the laptop's own hotspot.
_VIRTUAL_PREFIXES = (
    "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "utun", "tun", "tap", "wg",
    "zt", "tailscale", "vethernet", "lxcbr", "lxdbr", "podman", "cni", "flannel",
)  # fmt: skip
_VIRTUAL_WORDS = (
    "virtualbox", "vmware", "hyper-v", "tailscale", "zerotier", "wireguard", "openvpn",
    "tap-windows", "vpn",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LocalAddress:
    interface: str  # what the system calls it: "Wi-Fi", "wlan0", "Ethernet"
    address: str  # dotted IPv4: a phone's browser gets an IP, Android resolves no .local
    is_loopback: bool

    @property
    def is_link_local(self) -> bool:
        """169.254.x.x: no DHCP server answered; phones rarely share such a network."""
        return ipaddress.IPv4Address(self.address).is_link_local

    @property
    def is_virtual(self) -> bool:
        """A VPN's, a container's or a virtual machine's adapter, by its name."""
        name = self.interface.casefold()
        return name.startswith(_VIRTUAL_PREFIXES) or any(w in name for w in _VIRTUAL_WORDS)

    @property
    def is_private(self) -> bool:
        """10/8, 172.16/12 or 192.168/16: what a venue's Wi-Fi or a hotspot hands out."""
        address = ipaddress.IPv4Address(self.address)
        return any(address in network for network in _PRIVATE)


_PRIVATE = tuple(
    ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)


def local_addresses() -> list[LocalAddress]:
    """Every IPv4 address of every interface, the likeliest room first: private
    addresses of real adapters (the room's Wi-Fi, Ethernet, a hotspot), other addresses
    of real adapters, link-local ones, then VPNs', containers' and virtual machines'
    adapters, loopback last (only this laptop)."""
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
    if address.is_loopback:
        rank = 4
    elif address.is_virtual:
        rank = 3  # a 10.x VPN or docker0's 172.17.0.1 is never where the phones are
    elif address.is_link_local:
        rank = 2
    else:
        rank = 0 if address.is_private else 1
    return rank, tuple(int(part) for part in address.address.split("."))
