# Warnings and sanitizers, applied per target (never via CMAKE_C_FLAGS).
function(sg_target_sanitize target)
	if(SG_SANITIZE)
		target_compile_options(${target} PRIVATE
			-fsanitize=${SG_SANITIZE} -fno-omit-frame-pointer
			-fno-sanitize-recover=all)
		target_link_options(${target} PRIVATE -fsanitize=${SG_SANITIZE})
	endif()
endfunction()

function(sg_target_warnings target)
	target_compile_options(${target} PRIVATE
		-Wall -Wextra -Wshadow -Wstrict-prototypes
		-Wmissing-prototypes -Wno-unused-parameter)
	# C11 plus POSIX.1-2008 (strdup, clock_gettime, getopt_long's
	# neighbours); no GNU extensions.
	target_compile_definitions(${target} PRIVATE _POSIX_C_SOURCE=200809L)
	sg_target_sanitize(${target})
endfunction()
