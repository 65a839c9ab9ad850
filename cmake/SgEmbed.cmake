# Write the file IN as a C header OUT defining `static const char NAME[]`
# (the bytes, NUL-terminated).  Run as: cmake -DIN=... -DOUT=... -DNAME=...
# -P SgEmbed.cmake; tiles/ embeds the viewer's script this way.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE "${OUT}.tmp" "/* Generated from ${IN} by cmake/SgEmbed.cmake. */\nstatic const char ${NAME}[] = {\n${body}0x00 };\n")
file(RENAME "${OUT}.tmp" "${OUT}")
