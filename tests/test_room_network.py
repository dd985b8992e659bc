"""Which of the laptop's addresses the room offers first: read from fake adapters."""

from __future__ import annotations

from types import SimpleNamespace

import ifaddr
import pytest

from cxdesk.room import network
from cxdesk.ui.quiz.network_choice import candidates, describe


def adapter(name: str, *ips: str | tuple[str, int, int]) -> SimpleNamespace:
    """What ifaddr reports for an adapter: its name and IPs (IPv6 ones as tuples)."""
    return SimpleNamespace(name=name, nice_name=name, ips=[SimpleNamespace(ip=ip) for ip in ips])


LAPTOP = [  # a consultant's laptop with everything on it, in no useful order
    adapter("docker0", "172.17.0.1"),
    adapter("br-3f2a9c1d", "172.18.0.1"),
    adapter("virbr0", "192.168.122.1"),
    adapter("vmnet8", "192.168.56.1"),
    adapter("utun3", "10.8.0.2"),
    adapter("tun0", "10.8.0.6"),
    adapter("wg0", "10.0.0.2"),
    adapter("tailscale0", "100.101.1.2"),
    adapter("vEthernet (WSL)", "172.29.0.1"),
    adapter("Corporate VPN", "10.1.2.3"),
    adapter("lo", "127.0.0.1", ("::1", 0, 0)),
    adapter("en5", "169.254.3.4"),
    adapter("eth1", "203.0.113.5"),
    adapter("Local Area Connection* 10", "192.168.137.1"),  # Windows' Mobile hotspot
    adapter("bridge100", "192.168.2.1"),  # macOS Internet Sharing
    adapter("Wi-Fi", "192.168.1.23", ("fe80::1", 0, 2)),
    adapter("Ethernet", "10.20.30.40"),
]


def test_the_rooms_networks_come_before_vpns_containers_and_virtual_machines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: LAPTOP)
    found = network.local_addresses()
    assert [a.interface for a in found] == [
        # private addresses of real adapters: the venue's Wi-Fi or Ethernet, a hotspot
        "Ethernet",
        "Wi-Fi",
        "bridge100",
        "Local Area Connection* 10",
        "eth1",  # a real adapter with a public address
        "en5",  # no DHCP answered
        # VPNs, containers' and virtual machines' bridges
        "wg0",
        "Corporate VPN",
        "utun3",
        "tun0",
        "tailscale0",
        "docker0",
        "br-3f2a9c1d",
        "vEthernet (WSL)",
        "vmnet8",
        "virbr0",
        "lo",
    ]
    offered = candidates(found)
    assert offered[0].address == "10.20.30.40"
    assert "lo" not in [a.interface for a in offered]
    assert describe(offered[-1]) == (
        "virbr0 — 192.168.122.1 (a VPN or virtual adapter: phones are not on it)"
    )
    assert describe(offered[1]) == "Wi-Fi — 192.168.1.23"


def test_a_laptop_on_wi_fi_with_docker_offers_the_wi_fi_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """docker0's 172.17.0.1 sorted before a 192.168 hotspot when all ranked alike."""
    monkeypatch.setattr(
        ifaddr,
        "get_adapters",
        lambda: [adapter("docker0", "172.17.0.1"), adapter("wlp2s0", "192.168.43.7")],
    )
    assert [a.interface for a in network.local_addresses()] == ["wlp2s0", "docker0"]
