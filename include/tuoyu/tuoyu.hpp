// The umbrella header: everything a user of tuoyu needs.
#pragma once

#include <tuoyu/version.hpp>
#include <tuoyu/error.hpp>
#include <tuoyu/date.hpp>
