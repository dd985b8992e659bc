"""Phones answering over the room's own network: a small web server the desktop starts.

Nothing here imports Qt. The aiohttp server itself is imported only when a room starts
(:meth:`cxdesk.room.server.RoomServer.start`), never at app start-up.
"""
