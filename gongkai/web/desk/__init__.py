"""The request desk: disclosure requests with statutory deadlines, registers, report composer."""
