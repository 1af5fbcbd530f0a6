#include <tuoyu/tuoyu.hpp>
#include <iostream>
int main() { std::cout << "tuoyu " << tuoyu::version_string << "\n"; }
